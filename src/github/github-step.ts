import { errorMessage } from '../shared/describe-error.js';
import { HeliosError, PublishError } from '../shared/errors.js';

const PERMISSION_STEP =
  'give the job `permissions: contents: write` (and `pull-requests: write` for comments), or pass a github-token that has them';

/**
 * Runs one call to GitHub (artifacts, releases, comments) and turns a failure of the API
 * client into a PublishError saying what was being done; a refused token gets the
 * permissions to grant as its next step. Helios's own errors pass through unchanged.
 */
export async function githubStep<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HeliosError) throw error;
    const status = (error as { status?: unknown }).status;
    const refused = status === 401 || status === 403;
    throw new PublishError(`could not ${doing}: ${errorMessage(error)}`, { cause: error, nextStep: refused ? PERMISSION_STEP : undefined });
  }
}
