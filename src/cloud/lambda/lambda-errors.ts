import { WorkerFailedError } from '../../jobs/worker-adapter.js';
import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, RenderAbortedError, type HeliosError } from '../../shared/errors.js';
import { AWS_CREDENTIAL_ERRORS, readAwsError } from '../aws-client-config.js';

/** The function a transport calls, for messages. */
export interface LambdaTarget {
  functionName: string;
  region: string;
}

/** How many invocations may run at once, as far as the caller could read it (null: unknown). */
export interface LambdaConcurrency {
  /** The function's reserved concurrency, when it has one: its own ceiling. */
  reserved: number | null;
  /** The account's concurrency left unreserved in the region: the ceiling of functions without reserved concurrency. */
  unreserved: number | null;
}

const where = (t: LambdaTarget) => `Lambda function ${t.functionName} in region ${t.region}`;

/**
 * The errors that mean the same whatever the call: a missing function, refused credentials,
 * a missing permission, a cancelled render. Null for anything else.
 */
function commonError(error: unknown, target: LambdaTarget, action: string, signal: AbortSignal): HeliosError | null {
  if (signal.aborted) return new RenderAbortedError();
  const e = readAwsError(error);
  const said = `${e.name}: ${e.message}`;
  if (e.name === 'ResourceNotFoundException') {
    return new CloudNotFoundError(`${where(target)} not found: deploy it with \`helios lambda deploy --image <uri>\`, or pass --function/--region`, 'Lambda', { cause: error });
  }
  if (AWS_CREDENTIAL_ERRORS.has(e.name)) {
    return new CloudCredentialsError(
      `AWS refused the credentials for ${where(target)} (${said}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary keys) or AWS_PROFILE, ` +
        'that the keys are active and not expired, and that the region is enabled for the account',
      'Lambda',
      { cause: error },
    );
  }
  if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied') {
    return new CloudCredentialsError(
      `AWS refused ${action} on ${where(target)} (${said}): the caller needs lambda:GetFunctionConfiguration and lambda:InvokeFunction on the function (see the README's IAM permissions)`,
      'Lambda',
      { cause: error },
    );
  }
  return null;
}

/** A failed GetFunctionConfiguration, as preflight throws it. */
export function preflightError(error: unknown, target: LambdaTarget, signal: AbortSignal): HeliosError {
  const common = commonError(error, target, 'lambda:GetFunctionConfiguration', signal);
  if (common) return common;
  const e = readAwsError(error);
  const what = e.status === undefined ? `cannot reach Lambda (${e.message})` : `Lambda answered ${e.name}: ${e.message}`;
  return new CloudServiceError(`reading the configuration of ${where(target)} failed: ${what}`, 'Lambda', e.retryable, { cause: error });
}

/** What to do when invocations are throttled, by the reason Lambda gives. */
function throttleAdvice(reason: string | undefined, concurrency: LambdaConcurrency | null): string {
  const reserved = concurrency?.reserved ?? null;
  const unreserved = concurrency?.unreserved ?? null;
  if (reason === 'ReservedFunctionConcurrentInvocationLimitExceeded' || (reason === undefined && reserved !== null)) {
    const limit = reserved === null ? '' : ` (${reserved})`;
    return `the function's reserved concurrency${limit} was hit: lower --concurrency${reserved === null ? '' : ` to ${reserved} or less`}, or raise the function's reserved concurrency`;
  }
  if (reason?.includes('RateLimitExceeded')) {
    return `Lambda's invocation rate limit was hit (${reason}): lower --concurrency, or request a higher quota in Service Quotas`;
  }
  const limit = unreserved === null ? '' : ` (${unreserved} unreserved concurrent executions in this region)`;
  return (
    `the account's concurrency limit${limit} was hit: lower --concurrency${unreserved === null ? '' : ` to ${unreserved} or less`}, ` +
    'or request a higher "Concurrent executions" quota for AWS Lambda in Service Quotas (new accounts often start at 10)'
  );
}

/**
 * A failed invoke. Throttling and a lost connection are WorkerFailedError, retryable (the
 * executor retries with backoff); a missing function or refused credentials are Cloud*
 * errors; another refusal is retried when AWS says it may help.
 */
export function invokeError(error: unknown, target: LambdaTarget, concurrency: LambdaConcurrency | null, signal: AbortSignal): HeliosError {
  const common = commonError(error, target, 'lambda:InvokeFunction', signal);
  if (common) return common;
  const e = readAwsError(error);
  if (e.status === 429 || e.name === 'TooManyRequestsException') {
    const said = [e.message, e.reason].filter(Boolean).join(' ');
    return new WorkerFailedError(`${where(target)} throttled the invocation (TooManyRequestsException: ${said}): ${throttleAdvice(e.reason, concurrency)}`, true);
  }
  if (e.status === undefined) return new WorkerFailedError(`the connection to ${where(target)} failed (${e.name}: ${e.message})`, true);
  return new WorkerFailedError(`${where(target)} refused the invocation (${e.name}: ${e.message})`, e.retryable);
}
