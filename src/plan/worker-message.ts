import { z } from 'zod';
import { chunkManifestSchema } from './chunk-manifest.js';
import { checkDocument, choice, documentObject, formatProblems, nonEmptyString, parseJson, showValue, wholeNumber } from './document.js';

/**
 * What a worker tells the process that runs it, one JSON object per line. A local worker
 * writes the lines to file descriptor 3; a remote worker will stream the same lines over
 * HTTP. Nothing is parsed from a worker's stdout or stderr: those are for humans.
 */

/** Bumped when a message changes shape; a worker of another version shows up as a problem naming `protocol`. */
export const WORKER_PROTOCOL_VERSION = 1;

const messageSchemas = [
  /** First message: which protocol the worker speaks, and its pid (for the logs). */
  documentObject({
    type: z.literal('hello'),
    protocol: z.literal(WORKER_PROTOCOL_VERSION, { error: `${WORKER_PROTOCOL_VERSION} (this helios speaks worker protocol ${WORKER_PROTOCOL_VERSION}; run the same helios version for the parent and its workers)` }),
    pid: wholeNumber(0).nullable(),
  }),
  /** Frames of this chunk rendered so far. */
  documentObject({ type: z.literal('progress'), frames: wholeNumber(0) }),
  /** A line of the worker's log; the parent shows it as a `[Worker i]` line. */
  documentObject({ type: z.literal('log'), level: choice(['debug', 'info', 'warn']), message: z.string({ error: 'a string' }) }),
  /** The chunk is done: its manifest (also written next to the segment, for the stitcher). */
  documentObject({ type: z.literal('result'), manifest: chunkManifestSchema }),
  /** The chunk failed: the typed error, serialized so the parent can rebuild it. */
  documentObject({
    type: z.literal('error'),
    /** Class name of the error (`PageScriptError`, or `Error` for a bug). */
    name: nonEmptyString('an error class name'),
    message: z.string({ error: 'a string' }),
    /** Exit status the worker's CLI uses for this error. */
    exitCode: wholeNumber(0, 255),
    /** False when running the chunk again cannot help (a bad option, the page's own script throwing). */
    retryable: z.boolean({ error: 'true or false' }),
  }),
] as const;

const messageTypes = messageSchemas.map((schema) => schema.shape.type.value) as [WorkerMessage['type'], ...WorkerMessage['type'][]];

/**
 * The one schema of a worker message. The `type` is checked first, on its own, so an unknown
 * type reads `type must be one of "hello", ...` rather than a failed union.
 */
export const workerMessageSchema = z
  .looseObject({ type: choice(messageTypes) }, { error: 'an object (a helios worker message)' })
  .pipe(z.discriminatedUnion('type', messageSchemas));

export type WorkerMessage = z.infer<(typeof messageSchemas)[number]>;
export type WorkerErrorMessage = Extract<WorkerMessage, { type: 'error' }>;
export type WorkerLogLevel = Extract<WorkerMessage, { type: 'log' }>['level'];

/** One message as a JSON line (newline included). */
export function encodeWorkerMessage(message: WorkerMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** A decoded line: the message, or a problem naming the line and the field. */
export type DecodedWorkerLine = { ok: true; message: WorkerMessage } | { ok: false; problem: string };

/** Checks one line of text; `n` is its 1-based number, for the problem. */
export function decodeWorkerLine(line: string, n: number): DecodedWorkerLine {
  const json = parseJson(line);
  if (!json.ok) return { ok: false, problem: `worker message ${n} is not valid JSON (${json.reason}): ${showValue(line)}` };
  const result = checkDocument(workerMessageSchema, json.value);
  if (result.ok) return { ok: true, message: result.value };
  const type = (json.value as { type?: unknown } | null)?.type;
  const what = typeof type === 'string' && (messageTypes as string[]).includes(type) ? ` (${type})` : '';
  return { ok: false, problem: formatProblems(`worker message ${n}${what}`, result.problems) };
}

/** A line longer than this is not a message (a manifest is a few kB): it is dropped as a problem. */
export const MAX_WORKER_LINE = 1_000_000;

/**
 * Turns text arriving in pieces (a pipe, an HTTP body) into messages. A line split across
 * pieces is kept until its newline; blank lines are skipped; a bad line gives a problem and
 * the lines after it are still read.
 */
export function createWorkerMessageDecoder() {
  let pending = '';
  let lines = 0;
  let overlong = false;
  const take = (line: string, out: DecodedWorkerLine[]) => {
    lines += 1;
    if (overlong) {
      overlong = false;
      out.push({ ok: false, problem: `worker message ${lines} is longer than ${MAX_WORKER_LINE} characters: dropped` });
    } else if (line.trim() !== '') {
      out.push(decodeWorkerLine(line, lines));
    }
  };
  return {
    /** Messages (and problems) completed by this piece of text. */
    push(text: string): DecodedWorkerLine[] {
      const out: DecodedWorkerLine[] = [];
      const parts = (pending + text).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) take(line, out);
      if (pending.length > MAX_WORKER_LINE) {
        overlong = true;
        pending = '';
      }
      return out;
    },
    /** The last line, when the text did not end with a newline. */
    end(): DecodedWorkerLine[] {
      const out: DecodedWorkerLine[] = [];
      if (pending !== '' || overlong) take(pending, out);
      pending = '';
      return out;
    },
  };
}
