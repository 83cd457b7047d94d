import { InvalidOptionError } from '../../shared/errors.js';
import { invalidValue, parseInteger } from '../../shared/parse-values.js';

/** The flags of `helios lambda deploy|remove`, as text (or numbers from a library caller). */
export interface LambdaDeployInput {
  image?: string;
  function?: string;
  region?: string;
  bucket?: string;
  memory?: string | number;
  timeout?: string | number;
  roleName?: string;
  ephemeralStorage?: string | number;
}

export interface LambdaNames {
  functionName: string;
  region: string;
  roleName: string;
  /** Undefined for `remove` when neither --bucket nor an ECR image names it (it is then read from the function). */
  bucket: string | undefined;
}

export interface LambdaDeploySettings extends LambdaNames {
  image: string;
  bucket: string;
  memoryMb: number;
  timeoutSeconds: number;
  ephemeralStorageMb: number;
}

export const LAMBDA_DEFAULTS = {
  functionName: 'helios-render',
  // 3008 MB is the most a new AWS account may give a function (the quota rises to 10240 MB
  // with use), and Lambda's CPU grows with memory: 3008 MB is about 1.7 vCPUs, enough for
  // Chromium drawing and ffmpeg encoding side by side on one chunk.
  memoryMb: 3008,
  // Lambda's maximum: chunks are sized to fit it (DESIGN.md "Cloud facts").
  timeoutSeconds: 900,
  // /tmp holds the composition, the captured frames' encoder input and the segment.
  ephemeralStorageMb: 2048,
} as const;

/** `123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag` or `…/repo@sha256:…`. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._/-]*(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The account id and region of an ECR image URI, or undefined when it is not one. */
export function parseEcrImage(image: string): { accountId: string; region: string } | undefined {
  const m = ECR_IMAGE.exec(image);
  return m ? { accountId: m[1], region: m[2] } : undefined;
}

/** The bucket used when --bucket is not given: bucket names are global, so account and region make it unique. */
export function defaultLambdaBucket(accountId: string, region: string): string {
  return `helios-render-${accountId}-${region}`;
}

function checkName(option: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw invalidValue(option, `${rule}, got "${value}"`);
  return value;
}

/** Checks the naming flags (deploy and remove): function, region, role, bucket. */
export function resolveLambdaNames(input: LambdaDeployInput, env: NodeJS.ProcessEnv): LambdaNames {
  const fromImage = input.image ? parseEcrImage(input.image) : undefined;
  const region = input.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? fromImage?.region;
  if (!region) throw new InvalidOptionError('{region} is required: pass the AWS region (e.g. us-east-1) or set AWS_REGION', 'region');
  checkName('region', region, REGION, 'must be an AWS region such as us-east-1');
  const functionName = checkName('function', input.function ?? LAMBDA_DEFAULTS.functionName, /^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _');
  const roleName = checkName('roleName', input.roleName ?? `${functionName}-role`, /^[\w+=,.@-]{1,64}$/, 'must be 1 to 64 letters, digits or +=,.@_-');
  const bucket = input.bucket ?? (fromImage ? defaultLambdaBucket(fromImage.accountId, region) : undefined);
  if (bucket !== undefined) {
    checkName('bucket', bucket, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots or hyphens');
  }
  return { functionName, region, roleName, bucket };
}

/** Checks every deploy flag; the message names the flag and what to pass. */
export function resolveLambdaDeploy(input: LambdaDeployInput, env: NodeJS.ProcessEnv): LambdaDeploySettings {
  if (!input.image) {
    throw new InvalidOptionError('{image} is required: pass the worker image pushed to Amazon ECR, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/helios:latest', 'image');
  }
  const fromImage = parseEcrImage(input.image);
  if (!fromImage) {
    throw new InvalidOptionError(
      `{image} must be an Amazon ECR image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest>), got "${input.image}": Lambda runs container images only from ECR`,
      'image',
    );
  }
  const names = resolveLambdaNames(input, env);
  if (fromImage.region !== names.region) {
    throw new InvalidOptionError(
      `{image} is in ${fromImage.region} but the function would be in ${names.region}: Lambda runs images only from ECR in its own region; pass --region ${fromImage.region} or push the image to ${names.region}`,
      'image',
    );
  }
  return {
    ...names,
    image: input.image,
    bucket: names.bucket ?? defaultLambdaBucket(fromImage.accountId, names.region),
    memoryMb: parseInteger('memory', input.memory ?? LAMBDA_DEFAULTS.memoryMb, 128, 10240),
    timeoutSeconds: parseInteger('timeout', input.timeout ?? LAMBDA_DEFAULTS.timeoutSeconds, 1, 900),
    ephemeralStorageMb: parseInteger('ephemeralStorage', input.ephemeralStorage ?? LAMBDA_DEFAULTS.ephemeralStorageMb, 512, 10240),
  };
}
