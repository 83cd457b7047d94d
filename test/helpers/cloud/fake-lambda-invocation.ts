import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';

/** How an invocation ended: no error code when the function answered. */
export interface InvocationEnd {
  /** `Runtime.ExitError`, `Sandbox.Timedout`, or the errorType the runtime posted. */
  errorCode: string | null;
  errorDetails: string | null;
}

/** Where the function's answer goes: an event stream (InvokeWithResponseStream) or one body (Invoke). */
interface InvocationSink {
  chunk(bytes: Buffer): void;
  complete(end: InvocationEnd): void;
}

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

/** One event of Lambda's response stream (`:message-type` event, as the SDK's event stream parser reads it). */
function encodeEvent(type: 'PayloadChunk' | 'InvokeComplete', contentType: string, body: Buffer): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':message-type': { type: 'string', value: 'event' },
      ':content-type': { type: 'string', value: contentType },
    },
    body,
  });
}

/**
 * InvokeWithResponseStream's answer: HTTP 200 at once, then a PayloadChunk event per piece of
 * the runtime's response as it arrives, then InvokeComplete (with ErrorCode and ErrorDetails
 * when the invocation failed). A caller that went away does not stop the function, as on Lambda.
 */
export function streamingSink(res: http.ServerResponse): InvocationSink {
  res.writeHead(200, {
    'Content-Type': 'application/vnd.amazon.eventstream',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': randomUUID(),
  });
  res.flushHeaders();
  return {
    chunk: (bytes) => {
      if (!res.destroyed) res.write(encodeEvent('PayloadChunk', 'application/octet-stream', bytes));
    },
    complete: (end) => {
      if (res.destroyed) return;
      const body = end.errorCode ? { ErrorCode: end.errorCode, ErrorDetails: end.errorDetails ?? '' } : {};
      res.end(encodeEvent('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(body))));
    },
  };
}

/** Invoke's answer: the whole payload at the end, or the error document with X-Amz-Function-Error. */
export function bufferedSink(res: http.ServerResponse): InvocationSink {
  const pieces: Buffer[] = [];
  return {
    chunk: (bytes) => {
      pieces.push(bytes);
    },
    complete: (end) => {
      if (res.destroyed) return;
      const headers: http.OutgoingHttpHeaders = { 'X-Amz-Executed-Version': '$LATEST', 'Content-Type': 'application/json' };
      let body = Buffer.concat(pieces);
      if (end.errorCode) {
        headers['X-Amz-Function-Error'] = 'Unhandled';
        body = Buffer.from(JSON.stringify({ errorType: end.errorCode, errorMessage: end.errorDetails ?? '' }));
      }
      res.writeHead(200, headers).end(body);
    },
  };
}

/** What a test sees of an invocation, and its one control: kill the environment serving it. */
export class FakeInvocation {
  readonly requestId = randomUUID();
  readonly startedAt = Date.now();
  /** PayloadChunk pieces passed on so far (one per piece of the runtime's response body). */
  chunks = 0;
  /** The environment serving it (its index in `environments`), once assigned. */
  environmentId: number | null = null;
  /** Set when the invocation ended. */
  end: InvocationEnd | null = null;
  /** Milliseconds from delivery to the runtime until the end (what Lambda bills). */
  durationMs = 0;
  /** Set by the environment serving it. */
  kill: () => void = () => {};
  readonly done: Promise<InvocationEnd>;
  private resolveDone!: (end: InvocationEnd) => void;

  constructor(
    readonly functionName: string,
    readonly payload: Buffer,
    private readonly sink: InvocationSink,
    private readonly onChunk: (invocation: FakeInvocation) => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  chunk(bytes: Buffer): void {
    if (this.end || bytes.length === 0) return;
    this.chunks += 1;
    this.sink.chunk(bytes);
    this.onChunk(this);
  }

  complete(end: InvocationEnd): void {
    if (this.end) return;
    this.end = end;
    this.sink.complete(end);
    this.resolveDone(end);
  }
}
