import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import { FakeGcsStore, googleError, parseMultipartRelated } from './fake-gcs-objects.js';

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

/**
 * What a request did. `upload` is a request that stored an object (a multipart or media
 * upload, the last PUT of a resumable session), so count('upload', name) is how many times
 * the object was written; `upload-session` opens a resumable session, `upload-chunk` sends
 * part of one.
 */
export type FakeGcsOperation =
  | 'bucket-get' | 'bucket-insert' | 'bucket-delete' | 'metadata' | 'download' | 'upload' | 'upload-session' | 'upload-chunk' | 'list' | 'delete' | 'other';

export interface FakeGcsRequest {
  method: string;
  /** The path, as sent (object names URL-encoded). */
  path: string;
  op: FakeGcsOperation;
  bucket?: string;
  /** The object's name, decoded. */
  object?: string;
  status: number;
}

export interface FakeGcsOptions {
  /** The only bearer token accepted (FakeGceMetadata.accessToken). */
  accessToken: string;
  /** Buckets that exist from the start. */
  buckets?: string[];
  /** Most objects per list page (Google's default is 1000); small values test paging. */
  pageSize?: number;
  projectId?: string;
}

interface Answer {
  status: number;
  json?: unknown;
  body?: Buffer;
  headers?: Record<string, string>;
}

export async function startFakeGcs(options: FakeGcsOptions): Promise<FakeGcs> {
  const store = new FakeGcsStore(options.projectId ?? 'helios-test');
  for (const name of options.buckets ?? []) store.createBucket(name);
  const pageSize = options.pageSize ?? 1000;
  const requests: FakeGcsRequest[] = [];
  let corruptNext = false;
  const sessions = new Map<string, { bucket: string; name: string; contentType: string; chunks: Buffer[]; received: number }>();

  const noBucket = (): Answer => ({ status: 404, json: googleError(404, 'The specified bucket does not exist.', 'notFound') });
  const noObject = (bucket: string, name: string): Answer => ({ status: 404, json: googleError(404, `No such object: ${bucket}/${name}`, 'notFound') });

  const handle = (req: http.IncomingMessage, body: Buffer, record: FakeGcsRequest): Answer => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const path = url.pathname.replace(/^\/(storage|download\/storage)\/v1(?=\/)/, '');
    const [, b, bucketName, o, encodedObject] = path.split('/');
    record.bucket = upload?.[1] ?? bucketName;

    // A resumable session's data: no Authorization needed.
    const sessionId = url.searchParams.get('upload_id');
    if (upload && sessionId && method === 'PUT') {
      record.op = 'upload-chunk';
      const session = sessions.get(sessionId);
      if (!session) return { status: 404, json: googleError(404, 'No such upload session', 'notFound') };
      record.object = session.name;
      // "bytes a-b/total" (a chunk), "bytes a-*/total|*" (the rest, in this one request), "bytes */total|*" (a status query).
      const range = /^bytes (?:(\d+)-(\d+|\*)|\*)\/(\d+|\*)$/.exec(String(req.headers['content-range'] ?? ''));
      if (body.length > 0) session.chunks.push(body);
      session.received += body.length;
      const total = range?.[3] && range[3] !== '*' ? Number(range[3]) : undefined;
      const lastRequest = range?.[2] === '*';
      if (lastRequest || (total !== undefined && session.received >= total)) {
        sessions.delete(sessionId);
        record.op = 'upload';
        return { status: 200, json: store.objectResource(session.bucket, store.put(session.bucket, session.name, Buffer.concat(session.chunks), session.contentType)) };
      }
      return { status: 308, headers: session.received > 0 ? { Range: `bytes=0-${session.received - 1}` } : {} };
    }
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      record.op = 'other';
      return { status: 401, json: googleError(401, 'Invalid Credentials', 'authError'), headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' } };
    }
    if (upload) {
      record.op = 'upload';
      const objects = store.buckets.get(upload[1]!);
      if (!objects) return noBucket();
      const type = url.searchParams.get('uploadType');
      if (type === 'multipart') {
        const { metadata, media, mediaType } = parseMultipartRelated(body, String(req.headers['content-type'] ?? ''));
        const name = String(metadata.name ?? url.searchParams.get('name'));
        record.object = name;
        return { status: 200, json: store.objectResource(upload[1]!, store.put(upload[1]!, name, media, String(metadata.contentType ?? mediaType))) };
      }
      if (type === 'media') {
        const name = url.searchParams.get('name') ?? '';
        record.object = name;
        return { status: 200, json: store.objectResource(upload[1]!, store.put(upload[1]!, name, body)) };
      }
      if (type === 'resumable') {
        record.op = 'upload-session';
        const metadata = (body.length > 0 ? JSON.parse(body.toString('utf8')) : {}) as Record<string, unknown>;
        const name = String(metadata.name ?? url.searchParams.get('name'));
        record.object = name;
        const id = randomBytes(8).toString('hex');
        sessions.set(id, { bucket: upload[1]!, name, contentType: String(metadata.contentType ?? 'application/octet-stream'), chunks: [], received: 0 });
        return { status: 200, headers: { Location: `http://${req.headers.host}/upload/storage/v1/b/${upload[1]}/o?uploadType=resumable&upload_id=${id}` }, json: {} };
      }
      return { status: 400, json: googleError(400, `uploadType ${type} is not supported`, 'invalid') };
    }
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
      if (!objects) return noBucket();
      if (method === 'DELETE') {
        if (objects.size > 0) return { status: 409, json: googleError(409, 'The bucket you tried to delete is not empty.', 'conflict') };
        store.buckets.delete(bucketName);
        return { status: 204 };
      }
      return { status: 200, json: store.bucketResource(bucketName) };
    }
    if (encodedObject === undefined || encodedObject === '') {
      record.op = 'list';
      if (!objects) return noBucket();
      const page = store.list(bucketName, url.searchParams.get('prefix') ?? '', url.searchParams.get('pageToken'), Math.min(pageSize, Number(url.searchParams.get('maxResults') ?? pageSize)));
      return { status: 200, json: { kind: 'storage#objects', items: page.items.map((item) => store.objectResource(bucketName, item)), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) } };
    }
    const name = decodeURIComponent(path.split('/').slice(4).join('/'));
    record.object = name;
    const media = url.searchParams.get('alt') === 'media';
    record.op = method === 'DELETE' ? 'delete' : media ? 'download' : method === 'GET' ? 'metadata' : 'other';
    if (!objects) return noBucket();
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
