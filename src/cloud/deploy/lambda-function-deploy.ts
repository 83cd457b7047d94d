import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CloudServiceError, InvalidOptionError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { awsCall, awsErrorCode, awsFind, describeAwsError } from './aws-errors.js';
import { pollUntil, sleep, type DeployTiming, type ResourceOutcome } from './deploy-report.js';
import type { LambdaDeploySettings } from './lambda-settings.js';

/** The image's entry point is `helios`; this makes the function run the Lambda Runtime API loop. */
export const LAMBDA_COMMAND = ['worker', 'lambda'];

interface FunctionContext {
  lambda: LambdaClient;
  settings: LambdaDeploySettings;
  timing: DeployTiming;
  logger: Logger;
  signal?: AbortSignal;
}

/** Waits until the function is Active and no update is in progress. */
async function waitSettled(ctx: FunctionContext): Promise<FunctionConfiguration> {
  const name = ctx.settings.functionName;
  return pollUntil(
    () => awsCall('Lambda', `Lambda GetFunctionConfiguration ${name}`, () => ctx.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))),
    (c) => {
      if (c.State === 'Failed') return `state Failed: ${c.StateReasonCode ?? ''} ${c.StateReason ?? ''}`.trim();
      if (c.LastUpdateStatus === 'Failed') return `last update Failed: ${c.LastUpdateStatusReasonCode ?? ''} ${c.LastUpdateStatusReason ?? ''}`.trim();
      // Inactive (idle for weeks) is settled too: an update or an invocation wakes it.
      return (c.State === 'Active' || c.State === 'Inactive') && c.LastUpdateStatus !== 'InProgress';
    },
    {
      timing: ctx.timing,
      what: `Lambda function ${name}`,
      signal: ctx.signal,
      onFailed: (reason) => new CloudServiceError(`Lambda function ${name} did not become ready: ${reason}`, 'Lambda', false),
    },
  );
}

/** What UpdateFunctionConfiguration would change, as `memory 3008 -> 4096` phrases. */
function configurationChanges(current: FunctionConfiguration, s: LambdaDeploySettings, roleArn: string): string[] {
  const command = current.ImageConfigResponse?.ImageConfig?.Command ?? [];
  const checks: Array<[string, unknown, unknown]> = [
    ['memory', current.MemorySize, s.memoryMb],
    ['timeout', current.Timeout, s.timeoutSeconds],
    ['ephemeral storage', current.EphemeralStorage?.Size, s.ephemeralStorageMb],
    ['role', current.Role, roleArn],
    ['HELIOS_BUCKET', current.Environment?.Variables?.HELIOS_BUCKET, s.bucket],
    ['command', command.join(' '), LAMBDA_COMMAND.join(' ')],
  ];
  return checks.filter(([, was, want]) => was !== want).map(([what, was, want]) => `${what} ${String(was ?? 'unset')} -> ${String(want)}`);
}

/** The new role may not be assumable yet: CreateFunction is retried with backoff until it is. */
async function createFunction(ctx: FunctionContext, roleArn: string): Promise<FunctionConfiguration> {
  const s = ctx.settings;
  const command = new CreateFunctionCommand({
    FunctionName: s.functionName,
    PackageType: 'Image',
    Code: { ImageUri: s.image },
    ImageConfig: { Command: LAMBDA_COMMAND },
    Role: roleArn,
    MemorySize: s.memoryMb,
    Timeout: s.timeoutSeconds,
    EphemeralStorage: { Size: s.ephemeralStorageMb },
    Environment: { Variables: { HELIOS_BUCKET: s.bucket } },
    Architectures: ['x86_64'],
    Description: 'Helios render worker (helios lambda deploy)',
  });
  const attempts = ctx.timing.retryAttempts;
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.lambda.send(command);
    } catch (error) {
      const roleNotReady = awsErrorCode(error) === 'InvalidParameterValueException' && /role/i.test((error as Error).message);
      if (!roleNotReady || attempt >= attempts) throw describeAwsError(error, 'Lambda', `Lambda CreateFunction ${s.functionName}`);
      const delay = Math.min(ctx.timing.retryBaseMs * 2 ** (attempt - 1), ctx.timing.retryBaseMs * 8);
      ctx.logger.info(`Attempt ${attempt} of ${attempts}: Lambda cannot assume the new role yet (IAM takes a few seconds); retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay, ctx.signal);
    }
  }
}

/** Creates the function, or updates its image and settings where they differ. */
export async function ensureFunction(ctx: FunctionContext, roleArn: string): Promise<ResourceOutcome> {
  const s = ctx.settings;
  const found = await awsFind('Lambda', `Lambda GetFunction ${s.functionName}`, () => ctx.lambda.send(new GetFunctionCommand({ FunctionName: s.functionName })));
  if (!found?.Configuration) {
    const created = await createFunction(ctx, roleArn);
    await waitSettled(ctx);
    return { kind: 'function', id: created.FunctionArn ?? s.functionName, action: 'created', detail: `${s.memoryMb} MB, ${s.timeoutSeconds} s, ${s.image}` };
  }
  let current = found.Configuration;
  if (current.PackageType !== 'Image') {
    throw new InvalidOptionError(`Lambda function ${s.functionName} exists and is a .zip function, not a container image: pass {function} with another name, or delete it first`, 'function');
  }
  const changes: string[] = [];
  if (current.State === 'Pending' || current.LastUpdateStatus === 'InProgress') current = await waitSettled(ctx);
  if (found.Code?.ImageUri !== s.image) {
    await awsCall('Lambda', `Lambda UpdateFunctionCode ${s.functionName}`, () =>
      ctx.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: s.functionName, ImageUri: s.image })),
    );
    changes.push(`image ${found.Code?.ImageUri ?? 'unset'} -> ${s.image}`);
    await waitSettled(ctx);
  }
  const configChanges = configurationChanges(current, s, roleArn);
  if (configChanges.length) {
    await awsCall('Lambda', `Lambda UpdateFunctionConfiguration ${s.functionName}`, () =>
      ctx.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: s.functionName,
          Role: roleArn,
          MemorySize: s.memoryMb,
          Timeout: s.timeoutSeconds,
          EphemeralStorage: { Size: s.ephemeralStorageMb },
          ImageConfig: { Command: LAMBDA_COMMAND },
          // Variables the user added stay.
          Environment: { Variables: { ...current.Environment?.Variables, HELIOS_BUCKET: s.bucket } },
        }),
      ),
    );
    changes.push(...configChanges);
    await waitSettled(ctx);
  }
  const id = current.FunctionArn ?? s.functionName;
  if (changes.length) return { kind: 'function', id, action: 'updated', detail: changes.join(', ') };
  // Lambda pins an image tag's digest when it deploys: a new push under the same tag needs a new URI.
  const pinned = found.Code?.ResolvedImageUri?.split('@')[1];
  const hint = pinned && !s.image.includes('@') ? `runs ${pinned.slice(0, 19)}…; a new push under the same tag deploys only by digest: --image …@sha256:…` : undefined;
  return { kind: 'function', id, action: 'unchanged', detail: hint };
}

/** Deletes the function; a missing one is reported, not an error. Returns its HELIOS_BUCKET for remove. */
export async function removeFunction(lambda: LambdaClient, functionName: string): Promise<{ outcome: ResourceOutcome; bucket?: string }> {
  const found = await awsFind('Lambda', `Lambda GetFunction ${functionName}`, () => lambda.send(new GetFunctionCommand({ FunctionName: functionName })));
  if (!found?.Configuration) return { outcome: { kind: 'function', id: functionName, action: 'not found' } };
  await awsCall('Lambda', `Lambda DeleteFunction ${functionName}`, () => lambda.send(new DeleteFunctionCommand({ FunctionName: functionName })));
  return {
    outcome: { kind: 'function', id: found.Configuration.FunctionArn ?? functionName, action: 'deleted' },
    bucket: found.Configuration.Environment?.Variables?.HELIOS_BUCKET,
  };
}
