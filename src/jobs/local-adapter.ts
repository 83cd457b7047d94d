import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ChunkManifest } from '../plan/chunk-manifest.js';
import { createWorkerMessageDecoder } from '../plan/worker-message.js';
import { RenderAbortedError } from '../shared/errors.js';
import { followWorker, WorkerFailedError, type ChunkRequest, type WorkerAdapter } from './worker-adapter.js';

/** The file descriptor a local worker writes its messages to (0-2 are stdin, stdout, stderr). */
const MESSAGE_FD = 3;

export interface LocalAdapterOptions {
  /** How to start the helios CLI: [node, ...execArgv, script]. */
  command: string[];
  /** Extra render-chunk flags (e.g. --browser, --ffmpeg). */
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs every chunk in its own `helios render-chunk` child process, each with its own
 * browser and ffmpeg. The child's messages arrive as JSON lines on its fd 3, a pipe of
 * their own: its stdout and stderr are passed on as lines for people and never parsed,
 * so the CLI's output can change without breaking the executor.
 */
export function createLocalAdapter(options: LocalAdapterOptions): WorkerAdapter {
  const [exe, ...baseArgs] = options.command;
  return {
    runChunk(request: ChunkRequest): Promise<ChunkManifest> {
      const args = [
        ...baseArgs,
        'render-chunk',
        '--job', request.specPath,
        '--chunk', String(request.chunk.index),
        '--out-dir', request.outDir,
        '--attempt', String(request.attempt),
        '--message-fd', String(MESSAGE_FD),
        ...(options.extraArgs ?? []),
      ];
      return new Promise((resolve, reject) => {
        const child = spawn(exe, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
        const worker = followWorker(request);
        const decoder = createWorkerMessageDecoder();
        const messages = child.stdio[MESSAGE_FD] as Readable;
        messages.setEncoding('utf8');
        messages.on('data', (text: string) => decoder.push(text).forEach(worker.take));
        for (const stream of [child.stdio[1], child.stdio[2]] as Readable[]) createInterface({ input: stream }).on('line', request.onLine);
        const onAbort = () => child.kill('SIGTERM');
        request.signal.addEventListener('abort', onAbort, { once: true });
        child.on('error', (error) => reject(new WorkerFailedError(`could not start a worker (${exe}): ${error.message}`, true)));
        // 'close' comes after every stdio stream ended, so every message has been taken.
        child.on('close', (code, signal) => {
          request.signal.removeEventListener('abort', onAbort);
          // A killed worker may leave half a line: that is the kill, not a bad message.
          if (!signal) decoder.end().forEach(worker.take);
          if (request.signal.aborted) return reject(new RenderAbortedError());
          try {
            resolve(worker.finish({ ok: code === 0, how: signal ? `was killed (${signal})` : `exited with code ${code}` }));
          } catch (error) {
            reject(error);
          }
        });
      });
    },
  };
}
