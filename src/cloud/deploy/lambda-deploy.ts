import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../../shared/logger.js';
import { DEFAULT_DEPLOY_TIMING, type DeployTiming, type OutcomeSink, type ResourceOutcome } from './deploy-report.js';
import { accountOfArn, ensureRole, removeRole, workerRolePolicy } from './iam-role-deploy.js';
import { ensureFunction, removeFunction } from './lambda-function-deploy.js';
import { defaultLambdaBucket, resolveLambdaDeploy, resolveLambdaNames, type LambdaDeployInput, type LambdaDeploySettings } from './lambda-settings.js';
import { ensureBucket, removeBucket } from './s3-bucket-deploy.js';

export interface LambdaDeployOptions {
  input: LambdaDeployInput;
  /** AWS_REGION and the endpoint overrides are read from here; the SDK reads credentials itself. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Called once per resource as it is settled. */
  onOutcome: OutcomeSink;
  signal?: AbortSignal;
  timing?: Partial<DeployTiming>;
}

interface AwsClients {
  s3: S3Client;
  iam: IAMClient;
  lambda: LambdaClient;
  destroy(): void;
}

/**
 * The three clients. Endpoints come from AWS_ENDPOINT_URL_<SERVICE> (the SDK reads them);
 * a custom S3 endpoint (a local server, MinIO) has no bucket subdomains, hence path style.
 */
function awsClients(region: string, env: NodeJS.ProcessEnv): AwsClients {
  const s3 = new S3Client({ region, forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL) });
  const iam = new IAMClient({ region });
  const lambda = new LambdaClient({ region });
  return { s3, iam, lambda, destroy: () => [s3, iam, lambda].forEach((c) => c.destroy()) };
}

/** The command that renders on what was deployed. */
export function lambdaRenderCommand(s: Pick<LambdaDeploySettings, 'region' | 'functionName' | 'bucket'>): string {
  return `helios render <composition> --backend lambda --region ${s.region} --function ${s.functionName} --bucket ${s.bucket}`;
}

/**
 * `helios lambda deploy`: the bucket, the function's role and the function, each created
 * when missing, updated when it differs, and left alone (no mutating call) when it matches.
 */
export async function deployLambda(options: LambdaDeployOptions): Promise<{ settings: LambdaDeploySettings; outcomes: ResourceOutcome[]; renderCommand: string }> {
  const settings = resolveLambdaDeploy(options.input, options.env);
  const timing = { ...DEFAULT_DEPLOY_TIMING, ...options.timing };
  const clients = awsClients(settings.region, options.env);
  const outcomes: ResourceOutcome[] = [];
  const report = (o: ResourceOutcome) => {
    outcomes.push(o);
    options.onOutcome(o);
  };
  try {
    // The role first: IAM's answer to bad credentials is the clearest, and a new role gets the
    // bucket's calls' time to become assumable before CreateFunction needs it.
    const role = await ensureRole(clients.iam, settings.roleName, workerRolePolicy(settings.bucket, settings.region, settings.functionName));
    role.outcomes.forEach(report);
    report(await ensureBucket(clients.s3, settings.bucket, settings.region));
    report(await ensureFunction({ lambda: clients.lambda, settings, timing, logger: options.logger, signal: options.signal }, role.arn));
    return { settings, outcomes, renderCommand: lambdaRenderCommand(settings) };
  } finally {
    clients.destroy();
  }
}

/**
 * `helios lambda remove`: the function, the role (inline policy first) and, unless kept, the
 * bucket after emptying it. What is already gone is reported as such, not as an error.
 */
export async function removeLambda(options: LambdaDeployOptions & { keepBucket?: boolean }): Promise<ResourceOutcome[]> {
  const names = resolveLambdaNames(options.input, options.env);
  const clients = awsClients(names.region, options.env);
  const outcomes: ResourceOutcome[] = [];
  const report = (o: ResourceOutcome) => {
    outcomes.push(o);
    options.onOutcome(o);
  };
  try {
    const fn = await removeFunction(clients.lambda, names.functionName);
    report(fn.outcome);
    const roleOutcomes = await removeRole(clients.iam, names.roleName);
    roleOutcomes.forEach(report);
    if (options.keepBucket) return outcomes;
    // The bucket's name: the flag, else what the function used, else the default from the role's account.
    const roleAccount = roleOutcomes.map((o) => accountOfArn(o.id)).find(Boolean);
    const bucket = names.bucket ?? fn.bucket ?? (roleAccount ? defaultLambdaBucket(roleAccount, names.region) : undefined);
    // Nothing left names it: a bucket of another name can still be removed with --bucket.
    report(bucket ? await removeBucket(clients.s3, bucket, names.region) : { kind: 'bucket', id: '(no name)', action: 'not found', detail: 'no function or role left to name it; pass --bucket to remove one by name' });
    return outcomes;
  } finally {
    clients.destroy();
  }
}
