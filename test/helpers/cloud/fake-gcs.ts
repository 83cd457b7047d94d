import http from 'node:http';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import { type Answer, FakeGcsStore, type FakeGcsOperation, type FakeGcsRequest, googleError, noBucket } from './fake-gcs-objects.js';
import { FakeGcsUploads } from './fake-gcs-uploads.js';

/**
 * A Cloud Storage JSON API server on 127.0.0.1 with what @google-cloud/storage uses: bucket
 * get / insert / delete, object metadata, media download (`alt=media`, with `x-goog-hash`
 * so the client's CRC32C check runs), multipart and resumable uploads, list with
 * `pageToken` pages, and delete. Objects live in memory.
 *
 * Every request but a resumable session's PUTs (the session URI is its own credential, as on
 * Google) must carry `Authorization: Bearer <accessToken>`; others get Google's 401 JSON.
 * Use it with test/helpers/cloud/fake-gce-metadata.ts, whose token the real client fetches
 * when the process env has GCE_METADATA_HOST=<its host>, an empty HOME and no
 * GOOGLE_APPLICATION_CREDENTIALS; point the client here with STORAGE_EMULATOR_HOST=<endpoint>
 * (src/cloud/storage/gcs-storage.ts keeps authentication on for it). Paths are served with
 * and without the `/storage/v1` prefix, as emulators do.
 */
export interface FakeGcs {
  /** http://127.0.0.1:<port>, for STORAGE_EMULATOR_HOST. */
  endpoint: string;
  /** Every request, in order. */
  requests: FakeGcsRequest[];
  /** How many recorded requests were of this kind (and, when given, about this object name). */
  count(op: FakeGcsOperation, object?: string): number;
  /** Buckets and their objects (name → bytes), to seed or inspect. */
  objects(bucket: string): Map<string, Buffer>;
  createBucket(name: string): void;
  /** Flips a byte in the next media download (the object's hashes stay), to test the client's CRC32C check. */
  corruptNextDownload(): void;
  close(): Promise<void>;
}

export type { FakeGcsOperation, FakeGcsRequest } from './fake-gcs-objects.js';

export interface FakeGcsOptions {
  /** The only bearer token accepted (FakeGceMetadata.accessToken). */
  accessToken: string;
  /** Buckets that exist from the start. */
  buckets?: string[];
  /** Most objects per list page (Google's default is 1000); small values test paging. */
  pageSize?: number;
  projectId?: string;
}

export async function startFakeGcs(options: FakeGcsOptions): Promise<FakeGcs> {
  const store = new FakeGcsStore(options.projectId ?? 'helios-test');
  for (const name of options.buckets ?? []) store.createBucket(name);
  const pageSize = options.pageSize ?? 1000;
  const requests: FakeGcsRequest[] = [];
  let corruptNext = false;
  const uploads = new FakeGcsUploads(store);

  const noObject = (bucket: string, name: string): Answer => ({ status: 404, json: googleError(404, `No such object: ${bucket}/${name}`, 'notFound') });

  const handle = (req: http.IncomingMessage, body: Buffer, record: FakeGcsRequest): Answer => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const path = url.pathname.replace(/^\/(storage|download\/storage)\/v1(?=\/)/, '');
    const [, b, bucketName, o, encodedObject] = path.split('/');
    record.bucket = upload?.[1] ?? bucketName;

    // A resumable session's data: no Authorization needed (the session URI is the credential).
    if (upload && url.searchParams.has('upload_id') && method === 'PUT') return uploads.handleSessionData(req, url, body, record);
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      record.op = 'other';
      return { status: 401, json: googleError(401, 'Invalid Credentials', 'authError'), headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' } };
    }
    if (upload) return uploads.handle(req, url, upload[1]!, body, record);
    if (b !== 'b') return { status: 404, json: googleError(404, 'Not Found', 'notFound') };
    if (bucketName === undefined || bucketName === '') {
      record.op = 'bucket-insert';
      const name = String((JSON.parse(body.toString('utf8') || '{}') as { name?: string }).name);
      if (store.buckets.has(name)) return { status: 409, json: googleError(409, 'Your previous request to create the named bucket succeeded and you already own it.', 'conflict') };
      store.createBucket(name);
      return { status: 200, json: store.bucketResource(name) };
    }
    const objects = store.buckets.get(bucketName);
    if (o === undefined) {
      record.op = method === 'DELETE' ? 'bucket-delete' : 'bucket-get';
      if (!objects) return noBucket;
      if (method === 'DELETE') {
        if (objects.size > 0) return { status: 409, json: googleError(409, 'The bucket you tried to delete is not empty.', 'conflict') };
        store.buckets.delete(bucketName);
        return { status: 204 };
      }
      return { status: 200, json: store.bucketResource(bucketName) };
    }
    if (encodedObject === undefined || encodedObject === '') {
      record.op = 'list';
      if (!objects) return noBucket;
      const page = store.list(bucketName, url.searchParams.get('prefix') ?? '', url.searchParams.get('pageToken'), Math.min(pageSize, Number(url.searchParams.get('maxResults') ?? pageSize)));
      return { status: 200, json: { kind: 'storage#objects', items: page.items.map((item) => store.objectResource(bucketName, item)), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) } };
    }
    const name = decodeURIComponent(path.split('/').slice(4).join('/'));
    record.object = name;
    const media = url.searchParams.get('alt') === 'media';
    record.op = method === 'DELETE' ? 'delete' : media ? 'download' : method === 'GET' ? 'metadata' : 'other';
    if (!objects) return noBucket;
    const object = objects.get(name);
    if (!object) return noObject(bucketName, name);
    if (method === 'DELETE') {
      objects.delete(name);
      return { status: 204 };
    }
    const resource = store.objectResource(bucketName, object);
    if (!media) return { status: 200, json: resource };
    const data = Buffer.from(object.data);
    if (corruptNext && data.length > 0) data[0]! ^= 0xff;
    corruptNext = false;
    return {
      status: 200,
      body: data,
      headers: {
        'Content-Type': object.contentType,
        'x-goog-hash': `crc32c=${resource.crc32c},md5=${resource.md5Hash}`,
        'x-goog-stored-content-encoding': 'identity',
        'x-goog-generation': String(object.generation),
      },
    };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record: FakeGcsRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, op: 'other', status: 0 };
      let answer: Answer;
      try {
        answer = handle(req, Buffer.concat(chunks), record);
      } catch (error) {
        answer = { status: 400, json: googleError(400, `bad request: ${(error as Error).message}`, 'invalid') };
      }
      record.status = answer.status;
      requests.push(record);
      const body = answer.body ?? (answer.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(answer.json)));
      const type = answer.body ? {} : { 'Content-Type': 'application/json; charset=UTF-8' };
      res.writeHead(answer.status, { ...type, ...answer.headers, 'Content-Length': String(body.length) });
      res.end(body);
    });
  });
  const endpoint = await listenOnLoopback(server);

  return {
    endpoint,
    requests,
    count: (op, object) => requests.filter((r) => r.op === op && (object === undefined || r.object === object)).length,
    objects(bucket) {
      const objects = store.buckets.get(bucket);
      return new Map([...(objects ?? new Map())].map(([name, object]) => [name, object.data]));
    },
    createBucket: (name) => store.createBucket(name),
    corruptNextDownload: () => void (corruptNext = true),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
