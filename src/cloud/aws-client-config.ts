/**
 * Settings for an AWS SDK v3 client from an explicit environment (the CLI passes its own;
 * tests pass one pointing at local fakes), rather than the SDK reading process.env below the
 * CLI. Endpoint overrides use the SDK's own variable names (AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL), so the same variables work for the AWS CLI. Without keys in the
 * environment the SDK's default chain applies (a profile, SSO, a container or instance
 * role); AWS_PROFILE is passed on explicitly.
 */
export function awsClientConfig(env: NodeJS.ProcessEnv, service: 'LAMBDA' | 'S3' | 'IAM', region: string | undefined) {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
      : undefined;
  return {
    region: region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    endpoint,
    credentials,
    profile: env.AWS_PROFILE || undefined,
  };
}

/** Error names with which AWS refuses credentials (unknown, badly signed, expired) or finds none. */
export const AWS_CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException',
  'CredentialsProviderError',
]);

/** What an SDK error carries that messages need: its name, message, HTTP status and whether AWS says a retry may help. */
export function readAwsError(error: unknown): { name: string; message: string; status: number | undefined; retryable: boolean; reason: string | undefined } {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    Reason?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    $fault?: string;
  };
  const status = e.$metadata?.httpStatusCode;
  return {
    name: e.name || e.code || 'Error',
    message: e.message || String(error),
    status,
    // No HTTP status: the connection failed or dropped; a 5xx or a throttle is the service's side.
    retryable: status === undefined || status >= 500 || status === 429 || Boolean(e.$retryable) || e.$fault === 'server',
    reason: e.Reason,
  };
}
