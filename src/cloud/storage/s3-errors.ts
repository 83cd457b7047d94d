import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, HeliosError } from '../../shared/errors.js';

/** What the AWS SDK's errors carry that the mapping looks at (service errors and client-side ones). */
interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** What the failed call was about, for the message. */
export interface S3ErrorContext {
  bucket: string;
  region: string;
  /** The object key, when the call was about one object. */
  key?: string;
  /** What was being done, e.g. "upload", "download", "delete". */
  action: string;
}

const CREDENTIAL_CODES: Record<string, string> = {
  AccessDenied: 'access denied',
  AllAccessDisabled: 'access denied',
  Forbidden: 'access denied',
  InvalidAccessKeyId: 'the access key id is not known to AWS',
  SignatureDoesNotMatch: 'the secret access key does not match the access key id',
  ExpiredToken: 'the session token has expired',
  TokenRefreshRequired: 'the session token has expired',
  InvalidToken: 'the session token is not valid',
  CredentialsProviderError: 'no AWS credentials were found',
};

const THROTTLING = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestTimeout', 'InternalError', 'ServiceUnavailable']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);

const CREDENTIALS_NEXT_STEP =
  'check AWS_PROFILE or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), ' +
  "and that the user or role may use this bucket (s3:GetObject, s3:PutObject, s3:ListBucket, s3:DeleteObject)";

/**
 * Turns whatever the S3 client threw into a HeliosError whose message says what failed and
 * what to do. Only the error's code, status and our own names go into the message: never the
 * SDK's text (it can quote request details) and never a credential.
 */
export function mapS3Error(error: unknown, context: S3ErrorContext): Error {
  if (error instanceof HeliosError) return error;
  const e = (error ?? {}) as AwsErrorShape;
  // A HEAD answer has no body, so the SDK names its error "Unknown" (or by the status).
  const name = e.name === 'Unknown' || e.name === String(e.$metadata?.httpStatusCode) ? '' : (e.name ?? '');
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const where = `s3://${context.bucket} (region ${context.region})`;
  if (name === 'AbortError') return error as Error;

  if (name === 'NoSuchBucket' || (context.key === undefined && (name === 'NotFound' || status === 404))) {
    return new CloudNotFoundError(`S3 bucket ${context.bucket} does not exist in region ${context.region}`, 'S3', {
      nextStep: '`helios lambda deploy` creates it, or pass --bucket (and --region) naming an existing bucket',
    });
  }
  if (name === 'NoSuchKey' || ((name === 'NotFound' || status === 404) && context.key !== undefined)) {
    return new CloudNotFoundError(`S3 object ${context.key ?? ''} does not exist in ${where}`, 'S3', {
      nextStep: 'it was deleted or never uploaded; run the render again',
    });
  }
  const credentialReason = CREDENTIAL_CODES[name] ?? (status === 403 ? 'access denied' : undefined);
  if (credentialReason) {
    return new CloudCredentialsError(`S3 refused to ${context.action} in ${where}: ${credentialReason} (${name || `HTTP ${status}`})`, 'S3', {
      nextStep: CREDENTIALS_NEXT_STEP,
    });
  }
  const retryable =
    THROTTLING.has(name) || NETWORK_CODES.has(name) || NETWORK_CODES.has(code) || e.$fault === 'server' || (status !== undefined && (status >= 500 || status === 429)) ||
    (status === undefined && e.$fault === undefined && (code !== '' || name === 'TimeoutError'));
  const what = name || code || (status !== undefined ? `HTTP ${status}` : 'an unknown error');
  return new CloudServiceError(`S3 failed to ${context.action} in ${where}: ${what}${status !== undefined && !what.includes(String(status)) ? ` (HTTP ${status})` : ''}`, 'S3', retryable, {
    nextStep: retryable ? 'the service or the network is busy or down; try again' : undefined,
  });
}
