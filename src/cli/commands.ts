import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './check-command.js';
import type { CliContext } from './cli-context.js';
import { registerJobsCommand } from './jobs-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerProbeCommand } from './probe-command.js';
import { registerRenderChunkCommand } from './render-chunk-command.js';
import { registerRenderCommand } from './render-command.js';
import { registerStitchCommand } from './stitch-command.js';

/** The command table: every `helios <command>` registers itself here. */
const COMMANDS: Array<(program: Command, ctx: CliContext) => void> = [
  registerRenderCommand,
  registerProbeCommand,
  registerCheckCommand,
  registerPlanCommand,
  registerRenderChunkCommand,
  registerStitchCommand,
  registerJobsCommand,
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

export { CommanderError };
