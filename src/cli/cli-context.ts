import type { Logger } from '../shared/logger.js';

/** What every command gets from the entry point: streams, environment, logger, cancellation. */
export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  signal: AbortSignal;
  /** How to start this same CLI in a child process: [node, ...execArgv, script]. */
  selfCommand: string[];
}

/** Logs to stderr; debug lines only with --verbose / HELIOS_DEBUG. */
export function createCliLogger(stderr: NodeJS.WriteStream, verbose: () => boolean): Logger {
  return {
    debug: (m) => {
      if (verbose()) stderr.write(`debug: ${m}\n`);
    },
    info: (m) => stderr.write(`${m}\n`),
    warn: (m) => stderr.write(`warning: ${m}\n`),
  };
}
