import { Command, CommanderError } from 'commander';
import { InvalidOptionError, type HeliosError } from '../shared/errors.js';
import { registerCheckCommand } from './check-command.js';
import { registerCloudRunCommand } from './cloudrun-command.js';
import type { CliContext } from './cli-context.js';
import { flagName } from './render-flags.js';
import { registerJobsCommand } from './jobs-command.js';
import { registerLambdaCommand } from './lambda-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerProbeCommand } from './probe-command.js';
import { registerRenderChunkCommand } from './render-chunk-command.js';
import { registerRenderCommand } from './render-command.js';
import { registerStillCommand } from './still-command.js';
import { registerStitchCommand } from './stitch-command.js';
import { registerWorkerCommand } from './worker-command.js';

/** The command table: every `helios <command>` registers itself here. */
const COMMANDS: Array<(program: Command, ctx: CliContext) => void> = [
  registerRenderCommand,
  registerStillCommand,
  registerProbeCommand,
  registerCheckCommand,
  registerPlanCommand,
  registerRenderChunkCommand,
  registerStitchCommand,
  registerJobsCommand,
  registerLambdaCommand,
  registerCloudRunCommand,
  registerWorkerCommand,
];

/** Builds the `helios` program; commander errors are thrown, not exited on. */
export function buildProgram(ctx: CliContext, version: string): Command {
  const program = new Command('helios')
    .description('Frame-exact video rendering of HTML compositions.')
    .version(version)
    .option('-v, --verbose', 'print debug lines (browser console, ffmpeg commands)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** What the CLI prints for an error the engine threw on purpose: options named as flags (`--width`). */
export function describeCliError(error: HeliosError): string {
  return error instanceof InvalidOptionError ? error.messageFor(flagName) : error.message;
}

export { CommanderError };
