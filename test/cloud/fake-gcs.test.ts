import { Storage } from '@google-cloud/storage';
import { startFakeGceMetadata, type FakeGceMetadata } from '../helpers/cloud/fake-gce-metadata.js';
import { startFakeGcs, type FakeGcs } from '../helpers/cloud/fake-gcs.js';
import { useCloudTestEnv } from '../helpers/cloud/process-env.js';

/** What the fake Cloud Storage server offers other tests, checked with the real client where it can be. */
describe('fake GCS', () => {
  let gce: FakeGceMetadata;
  let gcs: FakeGcs;
  let env: { restore(): Promise<void> };

  beforeAll(async () => {
    gce = await startFakeGceMetadata();
    gcs = await startFakeGcs({ accessToken: gce.accessToken, buckets: ['b'], pageSize: 2 });
    env = await useCloudTestEnv({ gce });
  });
  afterAll(async () => {
    await env.restore();
    await gcs.close();
    await gce.close();
  });

  it('takes a chunked resumable upload from the real client', async () => {
    const storage = new Storage({ apiEndpoint: gcs.endpoint, useAuthWithCustomEndpoint: true });
    const file = storage.bucket('b').file('big/one.bin');
    const [uri] = await file.createResumableUpload();
    const data = Buffer.from(Array.from({ length: 600 * 1024 }, (_, i) => i % 251));
    await new Promise<void>((resolve, reject) => {
      const stream = file.createWriteStream({ uri, resumable: true, chunkSize: 256 * 1024, validation: 'crc32c' });
      stream.on('finish', resolve).on('error', reject);
      stream.end(data);
    });
    expect(gcs.objects('b').get('big/one.bin')?.equals(data)).toBe(true);
    expect(gcs.count('upload-chunk', 'big/one.bin')).toBeGreaterThanOrEqual(2);
    expect(gcs.count('upload', 'big/one.bin')).toBe(1);
    const [listed] = await storage.bucket('b').getFiles({ prefix: 'big/' });
    expect(listed.map((f) => f.name)).toEqual(['big/one.bin']);
  });

  it("answers a request without the metadata server's token with Google's 401", async () => {
    const answer = await fetch(`${gcs.endpoint}/storage/v1/b/b`, { headers: { Authorization: 'Bearer ya29.someone-else' } });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'authError' }] } });
    expect(gcs.requests.at(-1)).toMatchObject({ method: 'GET', status: 401 });
  });
});
