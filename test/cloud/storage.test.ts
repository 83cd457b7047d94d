import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createGcsStorage } from '../../src/cloud/storage/gcs-storage.js';
import type { ObjectStorage } from '../../src/cloud/storage/object-storage.js';
import { openStorage } from '../../src/cloud/storage/open-storage.js';
import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, RenderAbortedError } from '../../src/shared/errors.js';
import { startFakeGceMetadata, type FakeGceMetadata } from '../helpers/cloud/fake-gce-metadata.js';
import { startFakeGcs, type FakeGcs } from '../helpers/cloud/fake-gcs.js';
import { useCloudTestEnv } from '../helpers/cloud/process-env.js';
import { startS3Server, type TestS3Server } from '../helpers/cloud/s3-server.js';

/** One contract, run over S3 (s3rver) and Cloud Storage (the fake JSON API), with the real clients. */
interface Provider {
  name: string;
  setUp(): Promise<void>;
  open(bucket: string): ObjectStorage;
  /** A storage whose credentials the service refuses, and the secret that must not show in messages. */
  openWithWrongCredentials(): Promise<{ storage: ObjectStorage; secret: string; done(): Promise<void> }>;
  /** List requests made so far (to see deletePrefix page). */
  listRequests(): number;
  /** Makes the next download arrive with a flipped byte, where the client checks downloads (GCS). */
  corruptNextDownload?(): void;
  tearDown(): Promise<void>;
}

const BUCKET = 'helios-test';

function s3Provider(): Provider {
  let server: TestS3Server;
  let env: { restore(): Promise<void> };
  return {
    name: 'S3',
    async setUp() {
      server = await startS3Server({ buckets: [BUCKET] });
      env = await useCloudTestEnv({ s3: server });
    },
    open: (bucket) => openStorage({ kind: 's3', bucket, region: null }, { env: process.env }),
    async openWithWrongCredentials() {
      const good = process.env.AWS_SECRET_ACCESS_KEY;
      const secret = 'wrongSecretKeyWrongSecretKeyWrongSecret0';
      process.env.AWS_SECRET_ACCESS_KEY = secret;
      const storage = openStorage({ kind: 's3', bucket: BUCKET, region: null }, { env: process.env });
      return { storage, secret, done: async () => void (process.env.AWS_SECRET_ACCESS_KEY = good) };
    },
    listRequests: () => server.requests.filter((r) => r === `GET /${BUCKET}/`).length,
    async tearDown() {
      await env.restore();
      await server.close();
    },
  };
}

function gcsProvider(): Provider {
  let gce: FakeGceMetadata;
  let gcs: FakeGcs;
  let env: { restore(): Promise<void> };
  return {
    name: 'GCS',
    async setUp() {
      gce = await startFakeGceMetadata();
      // Two objects a page, so deletePrefix has to follow pageToken.
      gcs = await startFakeGcs({ accessToken: gce.accessToken, buckets: [BUCKET], pageSize: 2 });
      env = await useCloudTestEnv({ gce });
    },
    open: (bucket) => openStorage({ kind: 'gcs', bucket, region: null }, { env: { STORAGE_EMULATOR_HOST: gcs.endpoint } }),
    async openWithWrongCredentials() {
      // A server that expects another token: the metadata server's token is refused, as a wrong account's would be.
      const other = await startFakeGcs({ accessToken: 'ya29.another-account', buckets: [BUCKET] });
      const storage = createGcsStorage({ kind: 'gcs', bucket: BUCKET, region: null }, { env: { STORAGE_EMULATOR_HOST: other.endpoint } });
      return { storage, secret: gce.accessToken, done: () => other.close() };
    },
    listRequests: () => gcs.count('list'),
    corruptNextDownload: () => gcs.corruptNextDownload(),
    async tearDown() {
      await env.restore();
      await gcs.close();
      await gce.close();
    },
  };
}

describe.each([s3Provider(), gcsProvider()])('object storage over $name', (provider) => {
  let dir: string;
  let storage: ObjectStorage;
  const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));

  beforeAll(async () => {
    await provider.setUp();
    dir = await mkdtemp(path.join(os.tmpdir(), 'helios-storage-test-'));
    await writeFile(path.join(dir, 'source.bin'), bytes);
    storage = provider.open(BUCKET);
  });
  afterAll(async () => {
    await provider.tearDown();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads and downloads the same bytes, and knows which keys exist', async () => {
    await storage.checkBucket();
    expect(await storage.exists('jobs/a/segment-0.mp4')).toBe(false);
    await storage.upload('jobs/a/segment-0.mp4', path.join(dir, 'source.bin'));
    expect(await storage.exists('jobs/a/segment-0.mp4')).toBe(true);
    await storage.download('jobs/a/segment-0.mp4', path.join(dir, 'out', 'copy.bin'));
    expect((await readFile(path.join(dir, 'out', 'copy.bin'))).equals(bytes)).toBe(true);
  });

  it('fails to download a missing key with CloudNotFoundError and leaves nothing behind', async () => {
    const target = path.join(dir, 'missing', 'segment.mp4');
    const error = await storage.download('jobs/none/segment.mp4', target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudNotFoundError);
    expect((error as Error).message).toContain('jobs/none/segment.mp4');
    expect(await readdir(path.dirname(target))).toEqual([]);
  });

  it('refuses a download that does not match the object checksum, leaving nothing behind', async () => {
    if (!provider.corruptNextDownload) return; // s3rver stores no checksums to check against.
    await storage.upload('jobs/c/segment.mp4', path.join(dir, 'source.bin'));
    provider.corruptNextDownload();
    const target = path.join(dir, 'corrupt', 'segment.mp4');
    const error = await storage.download('jobs/c/segment.mp4', target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudServiceError);
    expect((error as Error).message).toContain('checksum');
    expect(await readdir(path.dirname(target))).toEqual([]);
  });

  it('stops a cancelled transfer with RenderAbortedError, leaving nothing behind', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    const target = path.join(dir, 'cancelled', 'segment.mp4');
    await expect(storage.download('jobs/a/segment-0.mp4', target, cancelled.signal)).rejects.toBeInstanceOf(RenderAbortedError);
    expect(await readdir(path.dirname(target))).toEqual([]);
    await expect(storage.upload('jobs/cancelled/x', path.join(dir, 'source.bin'), cancelled.signal)).rejects.toBeInstanceOf(RenderAbortedError);
    expect(await storage.exists('jobs/cancelled/x')).toBe(false);
  });

  it('names a missing bucket', async () => {
    const missing = provider.open('helios-no-such-bucket');
    for (const attempt of [() => missing.checkBucket(), () => missing.upload('k', path.join(dir, 'source.bin'))]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudNotFoundError);
      expect((error as Error).message).toContain('helios-no-such-bucket');
    }
  });

  it('reports refused credentials as CloudCredentialsError without the secret', async () => {
    const wrong = await provider.openWithWrongCredentials();
    try {
      for (const attempt of [() => wrong.storage.exists('jobs/a/segment-0.mp4'), () => wrong.storage.upload('jobs/b/x', path.join(dir, 'source.bin'))]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CloudCredentialsError);
        expect((error as Error).message).not.toContain(wrong.secret);
      }
    } finally {
      await wrong.done();
    }
  });

  it('deletes every object under a prefix, across pages, and nothing else', async () => {
    for (let i = 0; i < 5; i++) await storage.upload(`jobs/del/part-${i}`, path.join(dir, 'source.bin'));
    await storage.upload('jobs/keep/part', path.join(dir, 'source.bin'));
    const listsBefore = provider.listRequests();
    expect(await storage.deletePrefix('jobs/del/')).toBe(5);
    if (provider.name === 'GCS') expect(provider.listRequests() - listsBefore).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 5; i++) expect(await storage.exists(`jobs/del/part-${i}`)).toBe(false);
    expect(await storage.exists('jobs/keep/part')).toBe(true);
    expect(await storage.deletePrefix('jobs/del/')).toBe(0);
    await expect(storage.deletePrefix('')).rejects.toThrow(/refusing to delete every object/);
    expect(await storage.exists('jobs/keep/part')).toBe(true);
  });
});
