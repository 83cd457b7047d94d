import type { Command } from 'commander';
import { BACKENDS, MAX_REMOTE_CONCURRENCY, type CloudSettings } from '../cloud/cloud-settings.js';
import { BUCKET_PATTERN } from '../plan/chunk-request.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseChoice, parseInteger, parsePositiveNumber } from '../shared/parse-values.js';

/** Where `helios render` runs its chunks: the flags as commander gives them. */
export interface BackendFlags {
  backend?: string;
  function?: string;
  region?: string;
  serviceUrl?: string;
  bucket?: string;
  workerFps?: string;
  prices?: string;
}

/** The default Lambda function name (`helios lambda deploy` creates it under this name). */
export const DEFAULT_FUNCTION = 'helios-render';

/** Remote workers at once when --concurrency is not given: new AWS accounts allow 10 concurrent executions. */
export const DEFAULT_REMOTE_CONCURRENCY = 10;

export function addBackendFlags(cmd: Command): Command {
  return cmd
    .option('--backend <where>', 'where chunks render: local (worker processes here), lambda (AWS Lambda) or cloudrun (Google Cloud Run)', 'local')
    .option('--function <name>', `lambda: the function \`helios lambda deploy\` created (default ${DEFAULT_FUNCTION})`)
    .option('--region <region>', 'lambda: AWS region of the function and bucket (default $AWS_REGION)')
    .option('--service-url <url>', 'cloudrun: the service\'s URL, https://…run.app (`helios cloudrun deploy` prints it)')
    .option('--bucket <name>', 'lambda/cloudrun: the S3 or Cloud Storage bucket between the stages (default $HELIOS_BUCKET)')
    .option('--worker-fps <n>', 'lambda/cloudrun: frames per second one worker renders, assumed to size chunks to the time limit (default 2)')
    .option('--prices <file>', 'lambda/cloudrun: JSON prices for the cost estimate (see the README)');
}

const REMOTE_ONLY = ['function', 'region', 'serviceUrl', 'bucket', 'workerFps', 'prices'] as const;

function checkServiceUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError(`{serviceUrl} must be the service's URL, like https://helios-render-abc123-uc.a.run.app, got "${text}"`, 'serviceUrl');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InvalidOptionError(`{serviceUrl} must use https (plain http only for 127.0.0.1), got "${text}"`, 'serviceUrl');
  }
  return url.href.replace(/\/$/, '');
}

/**
 * The remote backend's settings, checked without any network call; undefined for local.
 * Checks the concurrency limit too (`concurrency` as parsed, undefined when not given).
 */
export function cloudSettingsFromFlags(flags: BackendFlags, env: NodeJS.ProcessEnv, concurrency: number | undefined): CloudSettings | undefined {
  const backend = parseChoice('backend', flags.backend ?? 'local', BACKENDS);
  if (backend === 'local') {
    const stray = REMOTE_ONLY.find((name) => flags[name] !== undefined);
    if (stray) throw new InvalidOptionError(`{${stray}} is for remote workers: add {backend} lambda or {backend} cloudrun, or leave it out`, stray);
    return undefined;
  }
  if (concurrency !== undefined) parseInteger('concurrency', concurrency, 1, MAX_REMOTE_CONCURRENCY);
  const bucket = flags.bucket ?? env.HELIOS_BUCKET;
  const deploy = backend === 'lambda' ? 'helios lambda deploy' : 'helios cloudrun deploy';
  if (!bucket) throw new InvalidOptionError(`{backend} ${backend} needs {bucket}: the bucket \`${deploy}\` printed (or set HELIOS_BUCKET)`, 'bucket');
  if (!BUCKET_PATTERN.test(bucket)) throw new InvalidOptionError(`{bucket} must be a bucket name (3 to 63 lower-case letters, digits, dots, dashes), got "${bucket}"`, 'bucket');
  const workerFps = flags.workerFps === undefined ? undefined : parsePositiveNumber('workerFps', flags.workerFps, 1000);
  const common = { bucket, workerFps, prices: flags.prices };
  if (backend === 'lambda') {
    if (flags.serviceUrl !== undefined) throw new InvalidOptionError('{serviceUrl} is for {backend} cloudrun; Lambda takes {function} and {region}', 'serviceUrl');
    const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new InvalidOptionError('{backend} lambda needs {region} (or AWS_REGION): the region `helios lambda deploy` used', 'region');
    return { backend, functionName: flags.function ?? DEFAULT_FUNCTION, region, ...common };
  }
  for (const name of ['function', 'region'] as const) {
    if (flags[name] !== undefined) throw new InvalidOptionError(`{${name}} is for {backend} lambda; Cloud Run takes {serviceUrl}`, name);
  }
  if (!flags.serviceUrl) throw new InvalidOptionError('{backend} cloudrun needs {serviceUrl}: the URL `helios cloudrun deploy` printed', 'serviceUrl');
  return { backend, serviceUrl: checkServiceUrl(flags.serviceUrl), ...common };
}
