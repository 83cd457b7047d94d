import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MAX_CHUNK_REQUEST_BYTES } from '../../src/plan/chunk-request.js';
import { chunkRequestText } from '../helpers/cloud/chunk-request-text.js';
import { CLI_COMMAND, ServeExitedError, startServeProcess, STUB_COMMAND, type ServeProcess } from '../helpers/cloud/serve-process.js';

// `helios worker serve` as a process: the real server, with a stand-in renderer (each chunk
// prints `stub chunk <i> ran`, then 3 progress lines 300 ms apart) or the real CLI.
const TOKEN = randomBytes(24).toString('hex');
const WRONG = randomBytes(24).toString('hex');
let dir: string;
let worker: ServeProcess;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'helios-serve-'));
  worker = await startServeProcess(STUB_COMMAND, ['worker', 'serve', '--port', '0', '--host', '127.0.0.1'], {
    HELIOS_WORKER_TOKEN: TOKEN,
    HELIOS_WORK_DIR: dir,
    HELIOS_STUB_DELAY_MS: '300',
  });
});
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const post = (body: string, headers: Record<string, string> = { 'X-Helios-Token': TOKEN }) =>
  fetch(`${worker.url}/chunks`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

/** Reads a streamed answer, noting when the first piece and the end arrived. */
async function readStream(res: Response) {
  const started = Date.now();
  let text = '';
  let firstAt = -1;
  const decoder = new TextDecoder();
  for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (firstAt < 0) firstAt = Date.now() - started;
    text += decoder.decode(piece, { stream: true });
  }
  return { lines: text.trim().split('\n').map((line) => JSON.parse(line)), firstAt, endAt: Date.now() - started };
}

test('no token and a wrong token: 401 with a JSON error, and the chunk is not run', async () => {
  for (const [chunk, headers] of [[1, {}], [2, { 'X-Helios-Token': WRONG }]] as const) {
    const res = await post(chunkRequestText(chunk), headers);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/X-Helios-Token/);
  }
  expect((await fetch(`${worker.url}/healthz`)).status).toBe(401);
  expect((await fetch(`${worker.url}/livez`)).status).toBe(200);
  expect(worker.output()).toMatch(/POST \/chunks 401 chunk -/);
  expect(worker.output()).not.toMatch(/stub chunk [12] ran/);
});

test('a valid request streams the worker messages as JSON lines while the chunk runs', async () => {
  const res = await post(chunkRequestText(0));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-ndjson');
  expect(res.headers.get('transfer-encoding')).toBe('chunked');
  const { lines, firstAt, endAt } = await readStream(res);
  expect(lines.map((m) => m.type)).toEqual(['hello', 'progress', 'progress', 'progress', 'log']);
  expect(lines[4].message).toBe('stub chunk 0 done');
  // The hello went out before the 900 ms of progress, not with the rest at the end.
  expect(endAt - firstAt).toBeGreaterThan(500);
  await waitFor(() => /POST \/chunks 200 chunk 0 of job cloud-test \d+\.\d\ds\n/.test(worker.output()));
});

test('a body over the limit: 413, declared or streamed, and the worker stays usable', async () => {
  const declared = await post('x'.repeat(MAX_CHUNK_REQUEST_BYTES + 1));
  expect(declared.status).toBe(413);
  expect((await declared.json()).error).toContain(`larger than ${MAX_CHUNK_REQUEST_BYTES} bytes`);

  // Chunked, no Content-Length: the server counts, answers once the limit is passed and drops the rest.
  const streamed = await new Promise<number>((resolve, reject) => {
    const req = http.request(`${worker.url}/chunks`, { method: 'POST', headers: { 'X-Helios-Token': TOKEN } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const piece = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = (): void => {
      while (sent < MAX_CHUNK_REQUEST_BYTES + 8 * piece.length) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  expect(streamed).toBe(413);
  expect((await fetch(`${worker.url}/healthz`, { headers: { 'X-Helios-Token': TOKEN } })).status).toBe(200);
});

test('a malformed request: 400 naming the field, before any work', async () => {
  const res = await post(chunkRequestText(3, (doc) => (doc.attempt = 0)));
  expect(res.status).toBe(400);
  expect((await res.json()).error).toMatch(/^chunk request: attempt .*at least 1/);
  const bad = await post(chunkRequestText(3, (doc) => (doc.segmentsPrefix = '../escape/')));
  expect((await bad.json()).error).toContain('segmentsPrefix');
  const notJson = await post('{"version": 1,');
  expect((await notJson.json()).error).toMatch(/not valid JSON/);
  expect(worker.output()).not.toMatch(/stub chunk 3 ran/);
});

test('a second request while a chunk runs: 429 with Retry-After; the slot frees when the chunk ends', async () => {
  const first = await post(chunkRequestText(0));
  const second = await post(chunkRequestText(1));
  expect(second.status).toBe(429);
  expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await second.json()).error).toMatch(/one chunk per instance/);
  await readStream(first);
  const third = await post(chunkRequestText(1));
  expect(third.status).toBe(200);
  await readStream(third);
});

test('the caller hanging up aborts the chunk', async () => {
  const controller = new AbortController();
  const res = await fetch(`${worker.url}/chunks`, { method: 'POST', body: chunkRequestText(2), headers: { 'X-Helios-Token': TOKEN }, signal: controller.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  controller.abort();
  await waitFor(() => /stub chunk 2 aborted/.test(worker.output()));
  expect(worker.output()).toMatch(/POST \/chunks 200 chunk 2 of job cloud-test .*connection closed early/);
  // The slot is free again once the chunk has stopped.
  const busy = async () => (await (await fetch(`${worker.url}/healthz`, { headers: { 'X-Helios-Token': TOKEN } })).json()).busy;
  for (let i = 0; i < 50 && (await busy()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await busy()).toBe(false);
});

test('SIGTERM aborts the running chunk and exits; no token ever reached the output', async () => {
  const res = await post(chunkRequestText(0));
  await (res.body as ReadableStream<Uint8Array>).getReader().read();
  worker.child.kill('SIGTERM');
  expect(await worker.exited).toEqual({ code: 0, signal: null });
  expect(worker.output()).toMatch(/stub chunk 0 aborted[\s\S]*worker serve: stopped/);
  expect(worker.output()).not.toContain(TOKEN);
  expect(worker.output()).not.toContain(WRONG);
});

test('token mode refuses to start without HELIOS_WORKER_TOKEN and says how to set it', async () => {
  const failed = await startServeProcess(CLI_COMMAND, ['worker', 'serve', '--port', '0', '--host', '127.0.0.1'], { HELIOS_WORK_DIR: dir }).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(ServeExitedError);
  expect((failed as ServeExitedError).code).not.toBe(0);
  expect((failed as ServeExitedError).output).toMatch(/HELIOS_WORKER_TOKEN is not set.*openssl rand -hex 32.*--auth cloud-run-iam/);
});

test('--auth cloud-run-iam (the real CLI and renderer) accepts requests without a token', async () => {
  const iam = await startServeProcess(CLI_COMMAND, ['worker', 'serve', '--auth', 'cloud-run-iam', '--host', '127.0.0.1'], {
    PORT: '0',
    HELIOS_WORK_DIR: dir,
    HELIOS_BUCKET: 'the-only-bucket',
  });
  try {
    expect(iam.output()).toMatch(/auth cloud-run-iam/);
    expect((await fetch(`${iam.url}/healthz`)).status).toBe(200);
    const res = await fetch(`${iam.url}/chunks`, { method: 'POST', body: chunkRequestText(0, (doc) => (doc.storage.bucket = 'No Such Bucket')) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain('storage.bucket');
    // Past the server, runRemoteChunk answers in the stream: this worker serves another bucket.
    const streamed = await fetch(`${iam.url}/chunks`, { method: 'POST', body: chunkRequestText(0) });
    expect(streamed.status).toBe(200);
    const { lines } = await readStream(streamed);
    expect(lines.map((m) => m.type)).toEqual(['hello', 'error']);
    expect(lines[1]).toMatchObject({ name: 'JobSpecError', retryable: false, message: expect.stringContaining('this worker serves bucket the-only-bucket') });
  } finally {
    iam.child.kill('SIGTERM');
    await iam.exited;
  }
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out; output:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
