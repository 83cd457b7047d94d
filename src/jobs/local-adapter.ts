import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HeliosError, RenderAbortedError } from '../shared/errors.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';
import { readChunkManifest, segmentFileNames } from '../plan/chunk-manifest.js';
import type { ChunkRequest, WorkerAdapter } from './worker-adapter.js';

/** Lines a worker prints to report progress; they are parsed, not shown. */
export const PROGRESS_PREFIX = '@@helios-progress ';

/** A worker process exited without producing its segment. */
export class WorkerFailedError extends HeliosError {}

export interface LocalAdapterOptions {
  /** How to start the helios CLI: [node, ...execArgv, script]. */
  command: string[];
  /** Extra render-chunk flags (e.g. --browser, --ffmpeg). */
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs every chunk in its own `helios render-chunk` child process, each with its own
 * browser and ffmpeg. The child's lines are passed on; its progress lines are parsed.
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
        '--progress-lines',
        ...(options.extraArgs ?? []),
      ];
      return new Promise((resolve, reject) => {
        const child = spawn(exe, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let lastError = '';
        const onAbort = () => child.kill('SIGTERM');
        request.signal.addEventListener('abort', onAbort, { once: true });
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            if (line.startsWith(PROGRESS_PREFIX)) {
              request.onFrames(Number(line.slice(PROGRESS_PREFIX.length)) || 0);
              return;
            }
            if (line.startsWith('error: ')) lastError = line.slice(7);
            else if (lastError && line.trim()) lastError += `\n${line}`;
            request.onLine(line);
          });
        }
        child.on('error', (error) => reject(new WorkerFailedError(`could not start a worker (${exe}): ${error.message}`)));
        child.on('close', async (code, signal) => {
          request.signal.removeEventListener('abort', onAbort);
          if (request.signal.aborted) return reject(new RenderAbortedError());
          if (code !== 0) {
            const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
            return reject(new WorkerFailedError(`the worker ${how}${lastError ? `: ${lastError}` : ''}`));
          }
          const names = segmentFileNames(request.chunk.index, request.spec.render.format);
          // Unreadable counts as missing: the rejection below names the file.
          const text = await readFile(path.join(request.outDir, names.manifest), 'utf8').catch(() => undefined);
          if (text === undefined) return reject(new WorkerFailedError(`the worker finished but its manifest ${names.manifest} is missing`));
          const read = readChunkManifest(text, names.manifest);
          if (!read.ok) return reject(new WorkerFailedError(`the worker finished but its manifest is damaged: ${read.message}`));
          resolve(read.manifest);
        });
      });
    },
  };
}
