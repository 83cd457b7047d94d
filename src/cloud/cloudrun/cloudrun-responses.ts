import { WorkerFailedError } from '../../jobs/worker-adapter.js';
import { CloudCredentialsError, CloudNotFoundError, CloudServiceError } from '../../shared/errors.js';
import { WORKER_ERROR_SOURCE } from './worker-http.js';

/**
 * What a Cloud Run service's answers mean for the caller: which refusals come from Cloud
 * Run's IAM front and which from `helios worker serve` behind it (its JSON errors name
 * themselves), and which failures another attempt can fix.
 */

/** An error answer's text, cut short, and the worker's own message when it sent one. */
export async function readErrorBody(res: Response): Promise<{ text: string; workerMessage: string | null }> {
  const text = (await res.text().catch(() => '')).slice(0, 2000);
  try {
    const json = JSON.parse(text) as { error?: unknown; source?: unknown };
    if (json.source === WORKER_ERROR_SOURCE && typeof json.error === 'string') return { text, workerMessage: json.error };
  } catch {
    // Not JSON: the platform's own page.
  }
  return { text, workerMessage: null };
}

/** Cloud Run's error pages are HTML: one line of their text is enough for a message. */
function oneLine(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/** The error for a refused call: who refused it, and what to change. */
export function refusedError(status: number, body: { text: string; workerMessage: string | null }, name: string, hasWorkerToken: boolean): CloudCredentialsError {
  if (body.workerMessage !== null) {
    const fix = hasWorkerToken
      ? 'the HELIOS_WORKER_TOKEN set here differs from the service\'s: set the same value on both sides'
      : 'HELIOS_WORKER_TOKEN is not set here: set it to the service\'s value, or deploy the worker with --auth cloud-run-iam';
    return new CloudCredentialsError(`the worker behind ${name} refused the worker token (HTTP ${status}): ${fix}`, 'Cloud Run');
  }
  const who =
    status === 403
      ? 'the account google-auth-library found lacks roles/run.invoker on the service (grant it with `gcloud run services add-iam-policy-binding SERVICE --member=... --role=roles/run.invoker`)'
      : 'the ID token was refused (wrong audience or expired): the credentials google-auth-library found must mint ID tokens, e.g. a service account (GOOGLE_APPLICATION_CREDENTIALS or the metadata server)';
  return new CloudCredentialsError(`${name} refused the call (HTTP ${status}): ${who}`, 'Cloud Run');
}

/** Non-200 answers to POST /chunks: thrown as typed errors, or (crashes, timeouts, 5xx) a failed end the executor retries. */
export async function chunkAnswerError(res: Response, url: string, name: string, hasWorkerToken: boolean): Promise<Error | { ok: false; how: string }> {
  const body = await readErrorBody(res);
  const status = res.status;
  if (status === 429 || status === 503) {
    return new WorkerFailedError(
      `${name} has no free instance (HTTP ${status}): raise its max instances (gcloud run services update SERVICE --max-instances N) or lower --concurrency`,
      true,
    );
  }
  if (status === 401 || status === 403) return refusedError(status, body, name, hasWorkerToken);
  if (status === 404) return new CloudNotFoundError(`nothing at ${url} (HTTP 404): check --service-url (helios cloudrun deploy prints it)`, 'Cloud Run');
  if (status === 400 || status === 413) {
    return new WorkerFailedError(`the worker refused the chunk request (HTTP ${status}): ${body.workerMessage ?? oneLine(body.text)}`, false);
  }
  const timeout = status === 504 ? ' (the request ran longer than the service\'s request timeout)' : '';
  return { ok: false, how: `answered HTTP ${status}${timeout}: ${oneLine(body.text) || 'no message'}` };
}

/** Network failures before an answer: a wrong host or port is the URL's fault, the rest may pass. */
export function connectionError(error: unknown, url: string, name: string, preflight: boolean): Error {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  const reason = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (preflight && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) {
    return new CloudNotFoundError(`nothing answers at ${url} (${code}): check --service-url (helios cloudrun deploy prints it)`, 'Cloud Run', { cause: error });
  }
  if (preflight) return new CloudServiceError(`cannot reach ${name} (${reason})`, 'Cloud Run', true, { cause: error });
  return new WorkerFailedError(`the connection to ${name} failed (${reason}): the instance may have crashed or been replaced`, true);
}
