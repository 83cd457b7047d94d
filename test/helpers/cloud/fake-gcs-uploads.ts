import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { type Answer, type FakeGcsRequest, type FakeGcsStore, googleError, noBucket, parseMultipartRelated } from './fake-gcs-objects.js';

interface Session {
  bucket: string;
  name: string;
  contentType: string;
  chunks: Buffer[];
  received: number;
}

/** The fake's uploads (test/helpers/cloud/fake-gcs.ts): multipart, media, and resumable sessions. */
export class FakeGcsUploads {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly store: FakeGcsStore) {}

  /** POST /upload/storage/v1/b/<bucket>/o (the caller has checked the credentials). */
  handle(req: http.IncomingMessage, url: URL, bucket: string, body: Buffer, record: FakeGcsRequest): Answer {
    const { store } = this;
    record.op = 'upload';
    const objects = store.buckets.get(bucket);
    if (!objects) return noBucket;
    const type = url.searchParams.get('uploadType');
    if (type === 'multipart') {
      const { metadata, media, mediaType } = parseMultipartRelated(body, String(req.headers['content-type'] ?? ''));
      const name = String(metadata.name ?? url.searchParams.get('name'));
      record.object = name;
      return { status: 200, json: store.objectResource(bucket, store.put(bucket, name, media, String(metadata.contentType ?? mediaType))) };
    }
    if (type === 'media') {
      const name = url.searchParams.get('name') ?? '';
      record.object = name;
      return { status: 200, json: store.objectResource(bucket, store.put(bucket, name, body)) };
    }
    if (type === 'resumable') {
      record.op = 'upload-session';
      const metadata = (body.length > 0 ? JSON.parse(body.toString('utf8')) : {}) as Record<string, unknown>;
      const name = String(metadata.name ?? url.searchParams.get('name'));
      record.object = name;
      const id = randomBytes(8).toString('hex');
      this.sessions.set(id, { bucket, name, contentType: String(metadata.contentType ?? 'application/octet-stream'), chunks: [], received: 0 });
      return { status: 200, headers: { Location: `http://${req.headers.host}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&upload_id=${id}` }, json: {} };
    }
    return { status: 400, json: googleError(400, `uploadType ${type} is not supported`, 'invalid') };
  }

  /** PUT to a session URI: a chunk, the rest of the data, or a status query. */
  handleSessionData(req: http.IncomingMessage, url: URL, body: Buffer, record: FakeGcsRequest): Answer {
    const sessionId = url.searchParams.get('upload_id') ?? '';
    record.op = 'upload-chunk';
    const session = this.sessions.get(sessionId);
    if (!session) return { status: 404, json: googleError(404, 'No such upload session', 'notFound') };
    record.object = session.name;
    // "bytes a-b/total" (a chunk), "bytes a-*/total|*" (the rest, in this one request), "bytes */total|*" (a status query).
    const range = /^bytes (?:(\d+)-(\d+|\*)|\*)\/(\d+|\*)$/.exec(String(req.headers['content-range'] ?? ''));
    if (body.length > 0) session.chunks.push(body);
    session.received += body.length;
    const total = range?.[3] && range[3] !== '*' ? Number(range[3]) : undefined;
    if (range?.[2] === '*' || (total !== undefined && session.received >= total)) {
      this.sessions.delete(sessionId);
      record.op = 'upload';
      const object = this.store.put(session.bucket, session.name, Buffer.concat(session.chunks), session.contentType);
      return { status: 200, json: this.store.objectResource(session.bucket, object) };
    }
    return { status: 308, headers: session.received > 0 ? { Range: `bytes=0-${session.received - 1}` } : {} };
  }
}
