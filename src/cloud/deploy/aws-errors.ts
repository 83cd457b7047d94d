import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, HeliosError, type CloudService } from '../../shared/errors.js';

/** The parts of an AWS SDK v3 error we read (ServiceException, CredentialsProviderError). */
interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'ExpiredToken',
  'ExpiredTokenException',
  'AccessDenied',
  'AccessDeniedException',
  'CredentialsProviderError',
]);
const NOT_FOUND_CODES = new Set(['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchBucket', 'NotFound']);
const RETRYABLE_CODES = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException', 'SlowDown', 'ServiceException', 'ResourceConflictException']);

export function awsErrorCode(error: unknown): string | undefined {
  return (error as AwsErrorLike | undefined)?.name;
}

export function isAwsNotFound(error: unknown): boolean {
  const e = error as AwsErrorLike | undefined;
  return NOT_FOUND_CODES.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Turns what an AWS SDK call threw into a Cloud* error that says which call failed and what
 * to do. `what` names the call (`IAM GetRole helios-render-role`).
 */
export function describeAwsError(error: unknown, service: CloudService, what: string): HeliosError {
  if (error instanceof HeliosError) return error;
  const e = (error ?? {}) as AwsErrorLike;
  const code = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const said = `${code}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}`;
  if (code === 'CredentialsProviderError') {
    return new CloudCredentialsError(`${what}: no AWS credentials found`, service, {
      cause: error,
      nextStep: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run `aws configure` (docs/cloud-permissions.md lists the permissions needed)',
    });
  }
  if (CREDENTIAL_CODES.has(code) || status === 401 || status === 403) {
    return new CloudCredentialsError(`${what} was refused: ${said}`, service, {
      cause: error,
      nextStep: 'check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE) and that they have the permissions in docs/cloud-permissions.md',
    });
  }
  if (isAwsNotFound(error)) return new CloudNotFoundError(`${what}: not found: ${said}`, service, { cause: error });
  const retryable = RETRYABLE_CODES.has(code) || (status !== undefined && (status === 429 || status >= 500));
  return new CloudServiceError(`${what} failed: ${said}`, service, retryable, { cause: error });
}

/** Runs one SDK call, rethrowing its error as a Cloud* error naming the call. */
export async function awsCall<T>(service: CloudService, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeAwsError(error, service, what);
  }
}

/** Like awsCall, but a missing resource resolves to undefined instead of throwing. */
export async function awsFind<T>(service: CloudService, what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isAwsNotFound(error) && !(error instanceof HeliosError)) return undefined;
    throw describeAwsError(error, service, what);
  }
}
