import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createLocalAdapter } from '../../src/jobs/local-adapter.js';
import { followWorker, WorkerFailedError, type ChunkRequest } from '../../src/jobs/worker-adapter.js';
import type { ChunkManifest } from '../../src/plan/chunk-manifest.js';
import type { JobSpec } from '../../src/plan/job-spec.js';
import {
  createWorkerMessageDecoder, decodeWorkerLine, encodeWorkerMessage, MAX_WORKER_LINE, type DecodedWorkerLine, type WorkerMessage,
} from '../../src/plan/worker-message.js';
import { EncodeError, FrameTimeoutError, InvalidOptionError, PageScriptError } from '../../src/shared/errors.js';
import { createWorkerChannel, workerErrorMessage } from '../../src/worker/message-channel.js';
import { makeTempDir } from '../helpers/fixtures.js';

const manifest: ChunkManifest = {
  jobId: 'job-1',
  chunk: { index: 2, startFrame: 40, frameCount: 20 },
  segment: 'segment-0002.mp4',
  frames: 20,
  mode: 'canvas',
  captureMethod: 'canvas-jpeg',
  browserVersion: 'HeadlessChrome/1',
  ffmpegVersion: '7.0',
  timings: { loadSeconds: 0.5, renderSeconds: 1.25, totalSeconds: 2 },
  attempt: 1,
  media: [{ source: 'a.mp3', tag: 'audio', startSeconds: 0, volume: 1, muted: false, loop: false }],
  finishedAt: '2026-01-01T00:00:00.000Z',
};

const every: WorkerMessage[] = [
  { type: 'hello', protocol: 1, pid: 42 },
  { type: 'progress', frames: 7 },
  { type: 'log', level: 'warn', message: 'ünïcode ✓ and "quotes"\nand a newline' },
  { type: 'result', manifest },
  { type: 'error', name: 'PageScriptError', message: 'the page threw', exitCode: 1, retryable: false },
];

function decodeAll(pieces: string[]): DecodedWorkerLine[] {
  const decoder = createWorkerMessageDecoder();
  return [...pieces.flatMap((piece) => decoder.push(piece)), ...decoder.end()];
}

const messagesOf = (lines: DecodedWorkerLine[]) => lines.map((l) => (l.ok ? l.message : l.problem));

describe('worker messages', () => {
  test('every message type survives encode and decode', () => {
    const text = every.map(encodeWorkerMessage).join('');
    expect(text.split('\n')).toHaveLength(every.length + 1); // one line each, newlines inside strings escaped
    expect(messagesOf(decodeAll([text]))).toEqual(every);
  });

  test('lines split anywhere across pieces are put back together', () => {
    const text = every.map(encodeWorkerMessage).join('');
    for (const size of [1, 3, 17, 64]) {
      const pieces = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      expect(messagesOf(decodeAll(pieces))).toEqual(every);
    }
  });

  test('a last line without its newline is read at the end; blank lines are skipped', () => {
    const decoder = createWorkerMessageDecoder();
    expect(decoder.push('\n\n{"type":"progress","frames":3}')).toEqual([]);
    expect(decoder.end()).toEqual([{ ok: true, message: { type: 'progress', frames: 3 } }]);
  });

  test('bad lines give problems naming the line and the field, and the lines after them are still read', () => {
    const lines = decodeAll([
      'not json\n',
      '{"type":"launch"}\n',
      '{"type":"progress","frames":-1}\n',
      `${JSON.stringify({ type: 'result', manifest: { ...manifest, frames: 'many' } })}\n`,
      '{"type":"log","level":"info","message":"x","extra":1}\n',
      '[1,2]\n',
      '{"type":"hello","protocol":2,"pid":1}\n',
      '{"type":"progress","frames":5}\n',
    ]);
    const problems = lines.filter((l) => !l.ok).map((l) => (l.ok ? '' : l.problem));
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/^worker message 1 is not valid JSON .*"not json"/);
    expect(problems[1]).toBe('worker message 2: type must be one of "hello", "progress", "log", "result", "error", got "launch"');
    expect(problems[2]).toBe('worker message 3 (progress): frames must be a whole number of at least 0, got -1');
    expect(problems[3]).toBe('worker message 4 (result): manifest.frames must be a whole number of at least 1, got string "many"');
    expect(problems[4]).toBe('worker message 5 (log): unknown field "extra": remove it (the document holds only type, level, message)');
    expect(problems[5]).toBe('worker message 6 must be an object (a helios worker message), got an array');
    expect(problems[6]).toMatch(/^worker message 7 \(hello\): protocol must be 1 \(this helios speaks worker protocol 1/);
    expect(lines.at(-1)).toEqual({ ok: true, message: { type: 'progress', frames: 5 } });
  });

  test('an endless line is dropped as a problem, not buffered', () => {
    const decoder = createWorkerMessageDecoder();
    const chunk = 'x'.repeat(MAX_WORKER_LINE / 4);
    for (let i = 0; i < 5; i++) expect(decoder.push(chunk)).toEqual([]);
    const out = decoder.push('\n{"type":"progress","frames":1}\n');
    expect(out).toEqual([
      { ok: false, problem: `worker message 1 is longer than ${MAX_WORKER_LINE} characters: dropped` },
      { ok: true, message: { type: 'progress', frames: 1 } },
    ]);
  });

  test('decodeWorkerLine checks one line', () => {
    expect(decodeWorkerLine('{"type":"progress","frames":2}', 9)).toEqual({ ok: true, message: { type: 'progress', frames: 2 } });
  });
});

describe('errors over the channel', () => {
  test('a HeliosError keeps its class, message and exit status; the page\'s own error is not retryable', () => {
    expect(workerErrorMessage(new PageScriptError('the page threw: Error: boom'))).toEqual({
      type: 'error', name: 'PageScriptError', message: 'the page threw: Error: boom', exitCode: 1, retryable: false,
    });
    expect(workerErrorMessage(new InvalidOptionError('bad')).retryable).toBe(false);
    expect(workerErrorMessage(new EncodeError('ffmpeg died')).retryable).toBe(true);
    expect(workerErrorMessage(new FrameTimeoutError('frame 3 hung', 3, null)).retryable).toBe(true);
  });

  test('a bug is sent with its stack and is retryable', () => {
    const message = workerErrorMessage(new TypeError('x is undefined'));
    expect(message).toMatchObject({ name: 'TypeError', exitCode: 1, retryable: true });
    expect(message.message).toMatch(/^TypeError: x is undefined\n\s+at /);
  });

  test.each([
    [new PageScriptError('the page threw: Error: cannot draw frame 50'), false],
    [new EncodeError('ffmpeg exited with code 1'), true],
  ])('the parent rebuilds a typed error from %p (retryable: %p)', (error, retryable) => {
    const { request } = fakeRequest();
    const worker = followWorker(request);
    decodeAll([encodeWorkerMessage(workerErrorMessage(error))]).forEach(worker.take);
    let thrown: unknown;
    try {
      worker.finish({ ok: false, how: 'exited with code 1' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WorkerFailedError);
    const failed = thrown as WorkerFailedError;
    expect(failed.message).toBe(`the worker exited with code 1: ${error.message}`);
    expect(failed.retryable).toBe(retryable);
    expect(failed.workerError).toEqual({ name: error.name, exitCode: 1 });
  });

  test('without an error message the failure says how the worker ended', () => {
    const { request } = fakeRequest();
    expect(() => followWorker(request).finish({ ok: false, how: 'was killed (SIGKILL)' })).toThrow(/^the worker was killed \(SIGKILL\)$/);
    const worker = followWorker(request);
    worker.take(decodeWorkerLine('{"type":"result","manifest":{}}', 1));
    expect(() => worker.finish({ ok: true, how: 'exited with code 0' })).toThrow(
      /^the worker exited with code 0 without sending its result: worker message 1 \(result\) has \d+ problems:\n {2}- manifest\.jobId is missing: expected a job id/,
    );
  });

  test('a result for another chunk is refused', () => {
    const { request } = fakeRequest();
    const worker = followWorker({ ...request, chunk: { index: 3, startFrame: 60, frameCount: 20 } });
    worker.take({ ok: true, message: { type: 'result', manifest } });
    expect(() => worker.finish({ ok: true, how: 'exited with code 0' })).toThrow('the worker sent the result of chunk 2 of job job-1, not of chunk 3 of job job-1');
  });
});

describe('the worker side', () => {
  test('says hello first, sends log lines with their level, and closes the stream', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const channel = createWorkerChannel(out);
    channel.logger.warn('low memory');
    channel.logger.debug('browser pid 9');
    channel.send({ type: 'progress', frames: 4 });
    await channel.close();
    expect(out.writableEnded).toBe(true);
    expect(messagesOf(decodeAll([text]))).toEqual([
      { type: 'hello', protocol: 1, pid: process.pid },
      { type: 'log', level: 'warn', message: 'low memory' },
      { type: 'log', level: 'debug', message: 'browser pid 9' },
      { type: 'progress', frames: 4 },
    ]);
  });
});

/** A request whose callbacks record what they get. */
function fakeRequest(signal = new AbortController().signal) {
  const got = { frames: [] as number[], logs: [] as string[], lines: [] as string[] };
  const request: ChunkRequest = {
    spec: { id: 'job-1' } as JobSpec, // the adapter reads only the id (to check the result)
    specPath: '/nonexistent/job.json',
    chunk: { index: 2, startFrame: 40, frameCount: 20 },
    attempt: 1,
    outDir: '/nonexistent/segments',
    signal,
    onFrames: (n) => got.frames.push(n),
    onLog: (level, message) => got.logs.push(`${level}: ${message}`),
    onLine: (line) => got.lines.push(line),
  };
  return { request, got };
}

describe('the local adapter\'s transport (a fake worker, no browser)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A node script that writes `fd3` lines to fd 3 (in two pieces each, to split lines) and `stdout` lines to stdout, then exits. */
  function fakeWorker(name: string, o: { fd3: string[]; stdout: string[]; exit: number }): string[] {
    const file = path.join(dir, `${name}.mjs`);
    writeFileSync(file, `
      import { writeSync } from 'node:fs';
      const fd3 = ${JSON.stringify(o.fd3)};
      for (const line of ${JSON.stringify(o.stdout)}) process.stdout.write(line + '\\n');
      for (const text of fd3) { const half = text.length >> 1; writeSync(3, text.slice(0, half)); writeSync(3, text.slice(half)); }
      process.stderr.write('args: ' + process.argv.slice(2).join(' ') + '\\n');
      process.exitCode = ${o.exit};
    `);
    return [process.execPath, file];
  }

  test('the manifest and progress arrive as messages; stdout is only passed on as lines', async () => {
    const junk = ['@@helios-progress 999', 'error: not an error', encodeWorkerMessage({ type: 'progress', frames: 555 }).trim(), 'hello world'];
    const command = fakeWorker('ok', {
      fd3: [
        encodeWorkerMessage({ type: 'hello', protocol: 1, pid: 1 }),
        encodeWorkerMessage({ type: 'progress', frames: 10 }),
        encodeWorkerMessage({ type: 'log', level: 'info', message: 'rendering 20 frames' }),
        'garbage\n',
        encodeWorkerMessage({ type: 'progress', frames: 20 }),
        encodeWorkerMessage({ type: 'result', manifest }),
      ],
      stdout: junk,
      exit: 0,
    });
    const { request, got } = fakeRequest();
    const result = await createLocalAdapter({ command }).runChunk(request);
    expect(result).toEqual(manifest);
    expect(got.frames).toEqual([10, 20]);
    expect(got.logs).toEqual([
      'debug: worker pid 1 speaks worker protocol 1',
      'info: rendering 20 frames',
      expect.stringMatching(/^warn: worker message 4 is not valid JSON/),
    ]);
    expect(got.lines).toEqual(expect.arrayContaining(junk));
    expect(got.lines.find((l) => l.startsWith('args: '))).toContain('render-chunk --job /nonexistent/job.json --chunk 2 --out-dir /nonexistent/segments --attempt 1 --message-fd 3');
  });

  test('a worker that fails sends its error; the stderr "error:" line is not what the parent uses', async () => {
    const command = fakeWorker('fails', {
      fd3: [encodeWorkerMessage(workerErrorMessage(new PageScriptError('the page threw: Error: cannot draw frame 50')))],
      stdout: ['error: something else entirely'],
      exit: 1,
    });
    const { request } = fakeRequest();
    const failure = createLocalAdapter({ command }).runChunk(request);
    await expect(failure).rejects.toThrow(new WorkerFailedError('the worker exited with code 1: the page threw: Error: cannot draw frame 50', false));
    await expect(failure).rejects.toMatchObject({ retryable: false, workerError: { name: 'PageScriptError', exitCode: 1 } });
  });

  test('a worker that exits without messages fails with its exit status', async () => {
    const command = fakeWorker('silent', { fd3: [], stdout: ['error: printed only'], exit: 3 });
    await expect(createLocalAdapter({ command }).runChunk(fakeRequest().request)).rejects.toThrow(/^the worker exited with code 3$/);
  });
});
