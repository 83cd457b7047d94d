import type { Command } from 'commander';
import type { CloudRunDeployInput } from '../cloud/deploy/cloudrun-settings.js';
import { formatOutcome, type ResourceOutcome } from '../cloud/deploy/deploy-report.js';
import type { CliContext } from './cli-context.js';

export interface CloudRunCommandOptions extends CloudRunDeployInput {
  keepBucket?: boolean;
}

const print = (ctx: CliContext) => (o: ResourceOutcome) => ctx.stdout.write(`${formatOutcome(o)}\n`);

/** `helios cloudrun deploy`: bucket and service, then the render command and how to grant callers access. */
export async function runCloudRunDeploy(options: CloudRunCommandOptions, ctx: CliContext): Promise<void> {
  const { deployCloudRun } = await import('../cloud/deploy/cloudrun-deploy.js');
  const result = await deployCloudRun({ input: options, env: ctx.env, logger: ctx.logger, onOutcome: print(ctx), signal: ctx.signal });
  if (result.bucketAccessHint) {
    ctx.stdout.write(`\nthe workers run as the service's runtime service account (without --service-account, the Compute Engine default one); give it the bucket with:\n  ${result.bucketAccessHint}\n`);
  }
  ctx.stdout.write(`\nthe service is private; let each caller invoke it with:\n  ${result.invokerHint}\n`);
  ctx.stdout.write(`\nrender with:\n  ${result.renderCommand}\n`);
}

/** `helios cloudrun remove`: the service, and the bucket unless --keep-bucket. */
export async function runCloudRunRemove(options: CloudRunCommandOptions, ctx: CliContext): Promise<void> {
  const { removeCloudRun } = await import('../cloud/deploy/cloudrun-deploy.js');
  await removeCloudRun({ input: options, env: ctx.env, logger: ctx.logger, onOutcome: print(ctx), signal: ctx.signal, keepBucket: options.keepBucket });
}

/** The naming flags deploy and remove share. */
function namingOptions(command: Command): Command {
  return command
    .option('--project <id>', 'Google Cloud project id (default: GOOGLE_CLOUD_PROJECT)')
    .option('--region <region>', 'Cloud Run region, e.g. us-central1')
    .option('--service <name>', 'service name (default: helios-render)')
    .option('--bucket <name>', 'Cloud Storage bucket for job files (default: helios-render-<project>)');
}

export function registerCloudRunCommand(program: Command, ctx: CliContext): void {
  const cloudrun = program.command('cloudrun').summary('deploy or remove the Google Cloud Run render worker');
  namingOptions(
    cloudrun
      .command('deploy')
      .summary('create or update the Cloud Storage bucket and the Cloud Run service (idempotent)')
      .option('--image <uri>', 'the worker image, e.g. us-central1-docker.pkg.dev/<project>/<repo>/helios:<tag>'),
  )
    .option('--memory <size>', 'memory per instance (default 4Gi)')
    .option('--cpu <n>', 'vCPUs per instance: 1, 2, 4, 6 or 8 (default 2)')
    .option('--max-instances <n>', 'most instances at once, i.e. chunks rendering at once (default 100)')
    .option('--timeout <seconds>', 'request timeout, the longest one chunk may take (default 3600, the maximum)')
    .option('--service-account <email>', 'run the workers as this service account and give it roles/storage.objectAdmin on the bucket')
    .action(async (flags: CloudRunCommandOptions) => {
      await runCloudRunDeploy(flags, ctx);
    });
  namingOptions(cloudrun.command('remove').summary('delete the service and (unless --keep-bucket) the bucket with its files'))
    .option('--keep-bucket', 'keep the bucket and its files')
    .action(async (flags: CloudRunCommandOptions) => {
      await runCloudRunRemove(flags, ctx);
    });
}
