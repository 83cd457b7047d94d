import { setTimeout as sleep } from 'node:timers/promises';
import { runLambdaRuntime } from '../../../src/cloud/lambda/lambda-runtime.js';
import { readChunkRequest } from '../../../src/plan/chunk-request.js';
import type { WorkerChannel } from '../../../src/worker/message-channel.js';

/**
 * `helios worker lambda` with a scripted chunk function instead of the renderer, for
 * transport tests that need no browser: the real runtime loop, Runtime API client and
 * message channel. A payload `{"script": {...}}` sends `lines` log lines `intervalMs` apart
 * and then waits `hangMs`; anything else is read as a chunk request and refused as the real
 * worker refuses a bad one.
 */
interface Script {
  lines?: number;
  intervalMs?: number;
  hangMs?: number;
}

async function scriptedChunk(body: string, channel: WorkerChannel, options: { signal: AbortSignal }): Promise<boolean> {
  const script = (JSON.parse(body) as { script?: Script }).script;
  if (!script) {
    const read = readChunkRequest(body);
    const message = read.ok ? 'scripted worker: no renderer here' : read.message;
    channel.send({ type: 'error', name: 'JobSpecError', message, exitCode: 2, retryable: false });
    return false;
  }
  for (let i = 1; i <= (script.lines ?? 0); i += 1) {
    channel.logger.info(`line ${i} at ${Date.now()}`);
    await sleep(script.intervalMs ?? 0, undefined, { signal: options.signal });
  }
  if (script.hangMs) await sleep(script.hangMs, undefined, { signal: options.signal });
  return true;
}

const controller = new AbortController();
process.on('SIGTERM', () => controller.abort());
const logger = { debug: () => {}, info: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`) };
runLambdaRuntime({ env: process.env, signal: controller.signal, logger, runChunk: scriptedChunk }).catch((error: unknown) => {
  process.stderr.write(`error: ${String(error)}\n`);
  process.exitCode = 1;
});
