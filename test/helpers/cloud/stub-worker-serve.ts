import { Command } from 'commander';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { createCliLogger } from '../../../src/cli/cli-context.js';
import { addWorkerServeCommand } from '../../../src/cli/worker-command.js';
import type { RemoteWorkerOptions } from '../../../src/cloud/remote-worker.js';
import type { WorkerChannel } from '../../../src/worker/message-channel.js';

/**
 * The real `helios worker serve` (flags, auth, server, SIGTERM) with a stand-in for the
 * renderer, so tests of the HTTP layer and of transports need no browser or bucket:
 * `node --import tsx stub-worker-serve.ts worker serve [flags]`. Each chunk prints
 * `stub chunk <i> ran` on stderr, then sends HELIOS_STUB_LINES progress messages (default 3)
 * HELIOS_STUB_DELAY_MS apart (default 0), and stops early when aborted.
 */
async function stubChunk(body: string, channel: WorkerChannel, options: RemoteWorkerOptions): Promise<boolean> {
  const { chunk } = JSON.parse(body) as { chunk: number };
  process.stderr.write(`stub chunk ${chunk} ran\n`);
  const lines = Number(options.env.HELIOS_STUB_LINES ?? '3');
  const delay = Number(options.env.HELIOS_STUB_DELAY_MS ?? '0');
  for (let i = 1; i <= lines; i += 1) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (options.signal.aborted) {
      process.stderr.write(`stub chunk ${chunk} aborted\n`);
      return false;
    }
    channel.send({ type: 'progress', frames: i });
  }
  channel.logger.info(`stub chunk ${chunk} done`);
  return true;
}

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`${signal}: stopping\n`);
    controller.abort();
  });
}
const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  logger: createCliLogger(process.stderr, () => false),
  signal: controller.signal,
  selfCommand: [],
};
const program = new Command('helios').exitOverride();
addWorkerServeCommand(program.command('worker'), ctx, stubChunk);
program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 1;
});
