import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { EncodeError } from '../shared/errors.js';

const STDERR_TAIL_LINES = 15;

/** Keeps the last lines a process wrote to stderr, for error messages. */
function tailCollector(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).split('\n').slice(-STDERR_TAIL_LINES - 1).join('\n');
  });
  return () => tail.trim();
}

/** An ffmpeg process fed over stdin. */
export interface FrameEncoder {
  /** Writes one frame; resolves once the previous frame has been taken by ffmpeg (one frame in flight). */
  write(frame: Buffer): Promise<void>;
  /** Closes stdin and waits for ffmpeg to finish the file. */
  finish(): Promise<void>;
  /** Stops ffmpeg at once (failure, Ctrl-C). */
  kill(): void;
}

/**
 * Starts ffmpeg reading frames from stdin. Writes are backpressured: at most one frame
 * waits in the pipe, so capture of the next frame overlaps encoding of this one while
 * memory stays bounded.
 */
export function startEncoder(ffmpeg: string, args: string[]): FrameEncoder {
  const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  const stderr = tailCollector(child);
  let exitError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      exitError = new EncodeError(`could not start ffmpeg (${ffmpeg}): ${error.message}. Pass --ffmpeg <path> or set FFMPEG_PATH.`, { cause: error, args });
      resolve();
    });
    child.on('close', (code, signal) => {
      if (code !== 0 && !exitError) {
        exitError = new EncodeError(`ffmpeg failed (${signal ?? `exit code ${code}`}):\n${stderr() || '(no output)'}`, { args, toolExit: signal ?? code ?? undefined, stderrTail: stderr() });
      }
      resolve();
    });
  });
  // EPIPE when ffmpeg dies early: the exit error carries the real reason.
  child.stdin?.on('error', () => {});
  let drained: Promise<unknown> = Promise.resolve();
  const failIfExited = () => {
    if (exitError) throw exitError;
    if (child.exitCode !== null) throw new EncodeError(`ffmpeg exited early:\n${stderr() || '(no output)'}`, { args, toolExit: child.exitCode, stderrTail: stderr() });
  };
  return {
    async write(frame) {
      await Promise.race([drained, exited]);
      failIfExited();
      // A pipe error rejects 'once'; the exit error says why, so the rejection itself is dropped.
      if (!child.stdin!.write(frame)) drained = once(child.stdin!, 'drain').catch(() => undefined);
    },
    async finish() {
      await Promise.race([drained, exited]);
      failIfExited();
      child.stdin!.end();
      await exited;
      if (exitError) throw exitError;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs ffmpeg (or ffprobe) to completion and returns stdout; fails with stderr's tail. */
export async function runTool(tool: string, args: string[], signal?: AbortSignal): Promise<string> {
  const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
  const stderr = tailCollector(child);
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c));
  const [code] = (await once(child, 'close').catch((error: Error) => {
    throw new EncodeError(`could not run ${tool}: ${error.message}`, { cause: error, args });
  })) as [number | null];
  if (code !== 0) throw new EncodeError(`${tool} failed (exit code ${code}):\n${stderr() || '(no output)'}`, { args, toolExit: code ?? undefined, stderrTail: stderr() });
  return Buffer.concat(chunks).toString();
}
