import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCloudRunTransport } from '../../src/cloud/cloudrun/cloudrun-transport.js';
import type { RemoteTransport } from '../../src/cloud/remote-transport.js';
import { WorkerFailedError } from '../../src/jobs/worker-adapter.js';
import { createWorkerMessageDecoder, type WorkerMessage } from '../../src/plan/worker-message.js';
import { CloudCredentialsError, CloudNotFoundError } from '../../src/shared/errors.js';
import { chunkRequestText } from '../helpers/cloud/chunk-request-text.js';
import { startFakeCloudRun, type FakeCloudRun } from '../helpers/cloud/fake-cloud-run.js';
import { startFakeGceMetadata, type FakeGceMetadata } from '../helpers/cloud/fake-gce-metadata.js';
import { STUB_COMMAND } from '../helpers/cloud/serve-process.js';

// The real google-auth-library gets its ID tokens from a fake metadata server; a fake Cloud
// Run front checks them and runs real `helios worker serve` instances (a stand-in renderer:
// 4 progress lines 200 ms apart per chunk), one request each, at most one instance.
const TOKEN = randomBytes(24).toString('hex');
let metadata: FakeGceMetadata;
let front: FakeCloudRun;
let home: string;
let transport: RemoteTransport;
const savedEnv = { ...process.env };
const signal = new AbortController().signal;

beforeAll(async () => {
  metadata = await startFakeGceMetadata();
  home = await mkdtemp(path.join(os.tmpdir(), 'helios-home-'));
  // google-auth-library reads these from the process: no gcloud credentials, the metadata server here.
  Object.assign(process.env, { GCE_METADATA_HOST: metadata.host, HOME: home });
  delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
  delete process.env.CLOUDSDK_CONFIG;
  front = await startFakeCloudRun({
    metadata,
    command: [...STUB_COMMAND, 'worker', 'serve', '--auth', 'token', '--host', '127.0.0.1'],
    env: { HELIOS_WORKER_TOKEN: TOKEN, HELIOS_STUB_LINES: '4', HELIOS_STUB_DELAY_MS: '200' },
    maxInstances: 1,
  });
  transport = createCloudRunTransport({ serviceUrl: front.url, env: { HELIOS_WORKER_TOKEN: TOKEN } });
});
afterAll(async () => {
  await front?.close();
  await metadata?.close();
  await rm(home, { recursive: true, force: true });
  process.env = savedEnv;
});

/** Invokes and keeps the messages, with the time each piece of text arrived. */
async function invoke(t: RemoteTransport, body = chunkRequestText(0)) {
  const decoder = createWorkerMessageDecoder();
  const messages: WorkerMessage[] = [];
  const arrivals: number[] = [];
  const result = { messages, arrivals, end: undefined as unknown, endedAt: 0, error: undefined as unknown };
  try {
    result.end = await t.invoke(body, {
      signal,
      onText: (text) => {
        arrivals.push(Date.now());
        for (const line of decoder.push(text)) if (line.ok) messages.push(line.message);
      },
    });
  } catch (error) {
    result.error = error;
  }
  result.endedAt = Date.now();
  return result;
}

test('preflight: an ID token whose audience is the service URL gets through the front', async () => {
  await expect(transport.preflight(signal)).resolves.toEqual({ timeLimitSeconds: 3600, memoryMb: 4096, vcpus: 2 });
  expect(metadata.idTokenAudiences.length).toBeGreaterThan(0);
  expect(new Set(metadata.idTokenAudiences)).toEqual(new Set([front.url]));
  expect(front.requests.at(-1)).toMatchObject({ method: 'GET', path: '/healthz', status: 200, instance: 1 });
});

test('requests without an ID token, or with one for another audience, are refused by the front', async () => {
  const served = front.requests.filter((r) => r.instance !== null).length;
  const bare = await fetch(`${front.url}/chunks`, { method: 'POST', body: chunkRequestText(0), headers: { 'X-Helios-Token': TOKEN } });
  expect(bare.status).toBe(403);
  const other = await fetch(`http://${metadata.host}/computeMetadata/v1/instance/service-accounts/default/identity?audience=https://other.run.app`, {
    headers: { 'Metadata-Flavor': 'Google' },
  });
  const res = await fetch(`${front.url}/chunks`, { method: 'POST', body: chunkRequestText(0), headers: { Authorization: `Bearer ${await other.text()}`, 'X-Helios-Token': TOKEN } });
  expect(res.status).toBe(403);
  expect(front.requests.filter((r) => r.instance !== null).length).toBe(served);
});

test('the worker messages stream through as they are sent, before the answer ends', async () => {
  const r = await invoke(transport);
  expect(r.error).toBeUndefined();
  expect(r.end).toEqual({ ok: true, how: 'ended its answer (HTTP 200)' });
  expect(r.messages.map((m) => m.type)).toEqual(['hello', 'progress', 'progress', 'progress', 'progress', 'log']);
  expect(r.arrivals.length).toBeGreaterThan(2);
  // The hello came about 800 ms (4 x 200 ms of progress) before the end.
  expect(r.endedAt - r.arrivals[0]).toBeGreaterThan(500);
});

test('all instances busy: 429 is a retryable WorkerFailedError saying what to change', async () => {
  const first = invoke(transport);
  while (front.requests.at(-1)?.status !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const second = await invoke(transport, chunkRequestText(1));
  expect(second.error).toBeInstanceOf(WorkerFailedError);
  expect(second.error).toMatchObject({ retryable: true, message: expect.stringMatching(/no free instance \(HTTP 429\).*max instances.*--concurrency/) });
  expect((await first).end).toMatchObject({ ok: true });
});

test('an instance killed mid-answer: a retryable failure, and the next request gets a fresh instance', async () => {
  const before = front.instancesStarted();
  front.killDuringNextAnswer({ lines: 2 });
  const killed = await invoke(transport);
  expect(killed.error).toBeInstanceOf(WorkerFailedError);
  expect(killed.error).toMatchObject({ retryable: true, message: expect.stringMatching(/answer from Cloud Run service .* was cut off/) });
  const deadPid = (killed.messages[0] as Extract<WorkerMessage, { type: 'hello' }>).pid;

  const next = await invoke(transport);
  expect(next.end).toMatchObject({ ok: true });
  expect(front.instancesStarted()).toBe(before + 1);
  expect((next.messages[0] as Extract<WorkerMessage, { type: 'hello' }>).pid).not.toBe(deadPid);
});

test('killBusy: the instance serving the current request dies, the caller gets a retryable failure', async () => {
  let killed: Promise<number> | undefined;
  const r = await (async () => {
    try {
      // Killed as soon as its first message (hello) arrives.
      await transport.invoke(chunkRequestText(2), { signal, onText: () => void (killed ??= front.killBusy()) });
      return null;
    } catch (error) {
      return error;
    }
  })();
  expect(await killed).toBe(1);
  expect(r).toBeInstanceOf(WorkerFailedError);
  expect(r).toMatchObject({ retryable: true });
});

test('refusals: a wrong or missing worker token, a malformed request, a URL where nothing answers', async () => {
  const wrong = await invoke(createCloudRunTransport({ serviceUrl: front.url, env: { HELIOS_WORKER_TOKEN: 'x'.repeat(32) } }));
  expect(wrong.error).toBeInstanceOf(CloudCredentialsError);
  expect((wrong.error as Error).message).toMatch(/refused the worker token \(HTTP 401\).*differs from the service's/);
  const missing = await createCloudRunTransport({ serviceUrl: front.url, env: {} }).preflight(signal).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(CloudCredentialsError);
  expect((missing as Error).message).toMatch(/HELIOS_WORKER_TOKEN is not set here/);

  const bad = await invoke(transport, chunkRequestText(0, (doc) => (doc.attempt = 0)));
  expect(bad.error).toBeInstanceOf(WorkerFailedError);
  expect(bad.error).toMatchObject({ retryable: false, message: expect.stringMatching(/refused the chunk request \(HTTP 400\): chunk request: attempt/) });

  const closed = await closedPortUrl();
  const nowhere = await createCloudRunTransport({ serviceUrl: closed, env: {} }).preflight(signal).catch((e: unknown) => e);
  expect(nowhere).toBeInstanceOf(CloudNotFoundError);
  expect((nowhere as Error).message).toContain(`nothing answers at ${closed} (ECONNREFUSED)`);
  expect(front.logs()).not.toContain(TOKEN);
});

/** The URL of a port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}
