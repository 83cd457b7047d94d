import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, HeliosError } from '../../shared/errors.js';

/** What Cloud Storage's ApiError, gaxios and google-auth-library errors carry that the mapping looks at. */
interface GoogleErrorShape {
  name?: string;
  /** The HTTP status (ApiError), or a Node/gaxios code string. */
  code?: number | string;
  status?: number;
  message?: string;
  errors?: { reason?: string }[];
  response?: { status?: number };
}

/** What the failed call was about, for the message. */
export interface GcsErrorContext {
  bucket: string;
  key?: string;
  action: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

const CREDENTIALS_NEXT_STEP =
  'check GOOGLE_APPLICATION_CREDENTIALS or `gcloud auth application-default login` (or the service account a Cloud Run ' +
  'service runs as), and that it may use this bucket (roles/storage.objectAdmin)';

/** The HTTP status of a Google client error, when it has one. */
function statusOf(e: GoogleErrorShape): number | undefined {
  if (typeof e.code === 'number') return e.code;
  return e.status ?? e.response?.status;
}

/**
 * Turns whatever the Cloud Storage client threw into a HeliosError whose message says what
 * failed and what to do. The service's own text is left out (it can quote request details);
 * only statuses, reasons and our own names go in, never a token.
 */
export function mapGcsError(error: unknown, context: GcsErrorContext): Error {
  if (error instanceof HeliosError) return error;
  const e = (error ?? {}) as GoogleErrorShape;
  if (e.name === 'AbortError') return error as Error;
  const status = statusOf(e);
  const code = typeof e.code === 'string' ? e.code : '';
  const where = `gs://${context.bucket}`;
  const reason = e.errors?.[0]?.reason;
  const message = e.message ?? '';

  if (status === 404) {
    // Both answer 404: the service's reason or text tells a missing bucket from a missing object.
    const bucketMissing = context.key === undefined || (/bucket/i.test(message) && !/no such object/i.test(message));
    if (bucketMissing) {
      return new CloudNotFoundError(`Cloud Storage bucket ${context.bucket} does not exist`, 'Cloud Storage', {
        nextStep: 'create it (`gcloud storage buckets create gs://' + context.bucket + '`) or pass --bucket naming an existing bucket',
      });
    }
    return new CloudNotFoundError(`Cloud Storage object ${context.key} does not exist in ${where}`, 'Cloud Storage', {
      nextStep: 'it was deleted or never uploaded; run the render again',
    });
  }
  if (status === 401 || status === 403) {
    const why = status === 401 ? 'the credentials were not accepted (401)' : `permission denied (403${reason ? ` ${reason}` : ''})`;
    return new CloudCredentialsError(`Cloud Storage refused to ${context.action} in ${where}: ${why}`, 'Cloud Storage', { nextStep: CREDENTIALS_NEXT_STEP });
  }
  // google-auth-library found no credentials, or could not get a token with them.
  if (status === undefined && /default credentials|could not refresh access token|invalid_grant|unauthorized_client|metadata/i.test(message)) {
    return new CloudCredentialsError(`Cloud Storage: no usable Google credentials to ${context.action} in ${where}`, 'Google auth', { nextStep: CREDENTIALS_NEXT_STEP });
  }
  if (/MISMATCH/.test(code) || (status === undefined && /crc32c|md5|checksum|did not match/i.test(message))) {
    return new CloudServiceError(`Cloud Storage: ${context.action} in ${where} arrived corrupted (checksum mismatch)`, 'Cloud Storage', true, { nextStep: 'try again' });
  }
  const retryable = status === 429 || status === 408 || (status !== undefined && status >= 500) || NETWORK_CODES.has(code) || (status === undefined && code !== '');
  const what = status !== undefined ? `HTTP ${status}${reason ? ` ${reason}` : ''}` : code || e.name || 'an unknown error';
  return new CloudServiceError(`Cloud Storage failed to ${context.action} in ${where}: ${what}`, 'Cloud Storage', retryable, {
    nextStep: retryable ? 'the service or the network is busy or down; try again' : undefined,
  });
}
