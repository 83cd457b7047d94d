import { createHash } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';

/**
 * The in-memory bucket and object store behind test/helpers/cloud/fake-gcs.ts, and the JSON
 * resources Cloud Storage's JSON API answers with (only the fields the client reads).
 */
export interface StoredObject {
  name: string;
  data: Buffer;
  contentType: string;
  generation: number;
  updated: string;
}

export class FakeGcsStore {
  readonly buckets = new Map<string, Map<string, StoredObject>>();
  private generation = 1;

  constructor(readonly projectId: string) {}

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  put(bucket: string, name: string, data: Buffer, contentType = 'application/octet-stream'): StoredObject {
    const object = { name, data, contentType, generation: this.generation++, updated: new Date().toISOString() };
    this.buckets.get(bucket)!.set(name, object);
    return object;
  }

  bucketResource(name: string) {
    return { kind: 'storage#bucket', id: name, name, projectNumber: '1', location: 'US', storageClass: 'STANDARD', metageneration: '1', timeCreated: new Date(0).toISOString() };
  }

  objectResource(bucket: string, object: StoredObject) {
    const crc = new CRC32C();
    crc.update(object.data);
    return {
      kind: 'storage#object',
      id: `${bucket}/${object.name}/${object.generation}`,
      name: object.name,
      bucket,
      generation: String(object.generation),
      metageneration: '1',
      contentType: object.contentType,
      size: String(object.data.length),
      md5Hash: createHash('md5').update(object.data).digest('base64'),
      crc32c: crc.toString(),
      timeCreated: object.updated,
      updated: object.updated,
      storageClass: 'STANDARD',
      mediaLink: `/download/storage/v1/b/${bucket}/o/${encodeURIComponent(object.name)}?alt=media`,
    };
  }

  /** One page of names under `prefix` after the page token (the last name of the previous page: stable while objects are deleted). */
  list(bucket: string, prefix: string, pageToken: string | null, pageSize: number): { items: StoredObject[]; nextPageToken?: string } {
    const after = pageToken ? Buffer.from(pageToken, 'base64url').toString('utf8') : null;
    const names = [...this.buckets.get(bucket)!.keys()].filter((n) => n.startsWith(prefix) && (after === null || n > after)).sort();
    const page = names.slice(0, pageSize);
    const items = page.map((n) => this.buckets.get(bucket)!.get(n)!);
    const last = page[page.length - 1];
    return names.length > pageSize && last ? { items, nextPageToken: Buffer.from(last).toString('base64url') } : { items };
  }
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

/** What a handler answers. */
export interface Answer {
  status: number;
  json?: unknown;
  body?: Buffer;
  headers?: Record<string, string>;
}

/** Google's JSON error body. */
export function googleError(code: number, message: string, reason: string) {
  return { error: { code, message, errors: [{ message, domain: 'global', reason }] } };
}

/** The parts of a multipart/related upload body: [metadata JSON, media bytes, media content type]. */
export function parseMultipartRelated(body: Buffer, contentType: string): { metadata: Record<string, unknown>; media: Buffer; mediaType: string } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart upload without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    parts.push(body.subarray(start + delimiter.length, next));
    start = next;
  }
  const split = (part: Buffer) => {
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    // The part's content ends before the CRLF that precedes the next delimiter.
    const content = part.subarray(headerEnd + 4, part.length - 2);
    return { type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream', content };
  };
  const [meta, media] = parts.map(split);
  if (!meta || !media) throw new Error('multipart upload without metadata and media parts');
  return { metadata: JSON.parse(meta.content.toString('utf8')) as Record<string, unknown>, media: media.content, mediaType: media.type };
}

/** What Cloud Storage answers for any request about a bucket that does not exist. */
export const noBucket: Answer = { status: 404, json: googleError(404, 'The specified bucket does not exist.', 'notFound') };
