import type { Command } from 'commander';
import { formatOutcome, type ResourceOutcome } from '../cloud/deploy/deploy-report.js';
import type { LambdaDeployInput } from '../cloud/deploy/lambda-settings.js';
import type { CliContext } from './cli-context.js';

export interface LambdaCommandOptions extends LambdaDeployInput {
  keepBucket?: boolean;
}

const print = (ctx: CliContext) => (o: ResourceOutcome) => ctx.stdout.write(`${formatOutcome(o)}\n`);

/** `helios lambda deploy`: bucket, role and function, then the render command to use. */
export async function runLambdaDeploy(options: LambdaCommandOptions, ctx: CliContext): Promise<void> {
  const { deployLambda } = await import('../cloud/deploy/lambda-deploy.js');
  const result = await deployLambda({ input: options, env: ctx.env, logger: ctx.logger, onOutcome: print(ctx), signal: ctx.signal });
  ctx.stdout.write(`\nrender with:\n  ${result.renderCommand}\n`);
}

/** `helios lambda remove`: function, role, and the bucket unless --keep-bucket. */
export async function runLambdaRemove(options: LambdaCommandOptions, ctx: CliContext): Promise<void> {
  const { removeLambda } = await import('../cloud/deploy/lambda-deploy.js');
  await removeLambda({ input: options, env: ctx.env, logger: ctx.logger, onOutcome: print(ctx), signal: ctx.signal, keepBucket: options.keepBucket });
}

/** The naming flags deploy and remove share. */
function namingOptions(command: Command): Command {
  return command
    .option('--function <name>', 'function name (default: helios-render)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, else the image\'s region)')
    .option('--bucket <name>', 'S3 bucket for job files (default: helios-render-<account>-<region>, from the image URI)')
    .option('--role-name <name>', 'the function\'s IAM role (default: <function>-role)');
}

export function registerLambdaCommand(program: Command, ctx: CliContext): void {
  const lambda = program.command('lambda').summary('deploy or remove the AWS Lambda render worker');
  namingOptions(
    lambda
      .command('deploy')
      .summary('create or update the S3 bucket, the IAM role and the Lambda function (idempotent)')
      .option('--image <uri>', 'the worker image in Amazon ECR (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>)'),
  )
    .option('--memory <mb>', 'function memory in MB; CPU grows with it (default 3008: the most a new account may use)')
    .option('--timeout <seconds>', 'function timeout (default 900, Lambda\'s maximum)')
    .option('--ephemeral-storage <mb>', '/tmp size in MB (default 2048)')
    .action(async (flags: LambdaCommandOptions) => {
      await runLambdaDeploy(flags, ctx);
    });
  namingOptions(lambda.command('remove').summary('delete the function, its role and (unless --keep-bucket) the bucket with its files'))
    .option('--keep-bucket', 'keep the bucket and its files')
    .action(async (flags: LambdaCommandOptions) => {
      await runLambdaRemove(flags, ctx);
    });
}
