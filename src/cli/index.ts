#!/usr/bin/env node
import { describeError, formatStacks } from '../shared/describe-error.js';
import { HeliosError } from '../shared/errors.js';
import { HELIOS_VERSION } from '../shared/version.js';
import { buildProgram, CommanderError, describeCliError } from './commands.js';
import { createCliLogger, type CliContext } from './cli-context.js';

/** Runs the CLI and returns the exit status; errors are printed once, here. */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping, cleaning up (press Ctrl-C again to force)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let verbose = Boolean(process.env.HELIOS_DEBUG);
  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    logger: createCliLogger(process.stderr, () => verbose),
    signal: controller.signal,
    selfCommand: [process.execPath, ...process.execArgv, process.argv[1]],
  };
  const program = buildProgram(ctx, HELIOS_VERSION);
  program.hook('preAction', () => {
    verbose ||= Boolean(program.opts().verbose);
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // A stack helps whoever debugs Helios, not whoever renders: only with --verbose or HELIOS_DEBUG.
    process.stderr.write(`error: ${error instanceof HeliosError ? describeCliError(error) : describeError(error)}\n`);
    if (verbose) process.stderr.write(`${formatStacks(error)}\n`);
    return error instanceof HeliosError ? error.exitCode : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
