import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { encodeWorkerMessage, WORKER_PROTOCOL_VERSION, type WorkerErrorMessage, type WorkerMessage } from '../plan/worker-message.js';
import {
  CanvasNotFoundError,
  CompositionNotFoundError,
  DependencyNotFoundError,
  HeliosError,
  InvalidOptionError,
  JobSpecError,
  NotSplitSafeError,
  PageScriptError,
  RenderAbortedError,
} from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** The worker's side of the channel: messages go out as JSON lines. */
export interface WorkerChannel {
  send(message: WorkerMessage): void;
  /** A logger whose lines travel as `log` messages, so the parent gets them with their level. */
  logger: Logger;
  /** Flushes what was sent and closes the stream (the parent sees the end of the channel). */
  close(): Promise<void>;
}

/** Sends messages as JSON lines to `out`, starting with a `hello`. */
export function createWorkerChannel(out: Writable): WorkerChannel {
  let open = true;
  // The parent is gone (EPIPE): the messages have no reader left, the render itself may still finish.
  out.on('error', () => {
    open = false;
  });
  const send = (message: WorkerMessage) => {
    if (open) out.write(encodeWorkerMessage(message));
  };
  send({ type: 'hello', protocol: WORKER_PROTOCOL_VERSION, pid: process.pid });
  return {
    send,
    logger: {
      debug: (message) => send({ type: 'log', level: 'debug', message }),
      info: (message) => send({ type: 'log', level: 'info', message }),
      warn: (message) => send({ type: 'log', level: 'warn', message }),
    },
    close: () =>
      new Promise((resolve) => {
        if (!open) return resolve();
        open = false;
        out.end(() => resolve());
      }),
  };
}

/**
 * The channel on an inherited file descriptor (the local executor passes a pipe as fd 3).
 * A file descriptor rather than stdout keeps the protocol apart from what people read,
 * and its bytes are the ones an HTTP worker streams.
 */
export function openWorkerChannel(fd: number): WorkerChannel {
  return createWorkerChannel(createWriteStream('', { fd }));
}

/** Errors that come back the same on every attempt: the chunk's input or the page is at fault. */
const NOT_RETRYABLE = [
  InvalidOptionError,
  JobSpecError,
  CompositionNotFoundError,
  PageScriptError,
  CanvasNotFoundError,
  DependencyNotFoundError,
  NotSplitSafeError,
  RenderAbortedError,
];

/**
 * An error as an `error` message. A HeliosError keeps its class name, message and exit
 * status; anything else is a bug, sent with its stack (as the CLI prints it).
 */
export function workerErrorMessage(error: unknown): WorkerErrorMessage {
  if (error instanceof HeliosError) {
    return {
      type: 'error',
      name: error.name,
      message: error.message,
      exitCode: error.exitCode,
      retryable: !NOT_RETRYABLE.some((kind) => error instanceof kind),
    };
  }
  const name = error instanceof Error && error.name ? error.name : 'Error';
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { type: 'error', name, message, exitCode: 1, retryable: true };
}
