import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, HeliosError, type CloudService } from '../../shared/errors.js';

/**
 * The parts of a Google client error we read: gaxios errors (google-auth-library's
 * `request`) carry `status` and `response.data.error`; @google-cloud/storage's ApiError
 * carries the HTTP status in `code`.
 */
interface GoogleErrorLike {
  message?: string;
  status?: number;
  code?: number | string;
  response?: { status?: number; data?: { error?: { message?: string; status?: string } } };
}

export function googleStatus(error: unknown): number | undefined {
  const e = (error ?? {}) as GoogleErrorLike;
  const status = e.response?.status ?? e.status ?? (typeof e.code === 'number' ? e.code : undefined);
  return typeof status === 'number' ? status : undefined;
}

const NO_CREDENTIALS = /Could not load the default credentials|Unable to detect a Project Id|invalid_grant|Could not refresh access token/i;

/** Turns what a Google client threw into a Cloud* error naming the call (`Cloud Run GET service helios-render`). */
export function describeGoogleError(error: unknown, service: CloudService, what: string): HeliosError {
  if (error instanceof HeliosError) return error;
  const e = (error ?? {}) as GoogleErrorLike;
  const status = googleStatus(error);
  const detail = e.response?.data?.error?.message ?? e.message ?? String(error);
  const said = `${status ? `HTTP ${status}` : 'error'}: ${detail}`;
  if (status === undefined && NO_CREDENTIALS.test(detail)) {
    return new CloudCredentialsError(`${what}: no usable Google credentials: ${detail}`, 'Google auth', {
      cause: error,
      nextStep: 'run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file (docs/cloud-permissions.md lists the roles needed)',
    });
  }
  if (status === 401 || status === 403) {
    return new CloudCredentialsError(`${what} was refused (${said})`, service, {
      cause: error,
      nextStep: 'check the Google credentials (gcloud auth application-default login, GOOGLE_APPLICATION_CREDENTIALS) and that they have the roles in docs/cloud-permissions.md',
    });
  }
  if (status === 404) return new CloudNotFoundError(`${what}: not found (${said})`, service, { cause: error });
  const retryable = status === undefined || status === 429 || status >= 500;
  return new CloudServiceError(`${what} failed (${said})`, service, retryable, { cause: error });
}

/** Runs one Google call, rethrowing its error as a Cloud* error naming the call. */
export async function googleCall<T>(service: CloudService, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeGoogleError(error, service, what);
  }
}

/** Like googleCall, but a 404 resolves to undefined. */
export async function googleFind<T>(service: CloudService, what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (googleStatus(error) === 404 && !(error instanceof HeliosError)) return undefined;
    throw describeGoogleError(error, service, what);
  }
}
