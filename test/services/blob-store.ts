/**
 * Azure Blob Storage block-blob endpoints, as `@azure/storage-blob`'s
 * `BlockBlobClient.uploadStream` (used by `@actions/artifact` uploads) and a plain GET
 * (artifact downloads) use them on SAS-signed URLs.
 *
 * For an IP host the SDK expects path-style URLs: `/<account>/<container>/<blob>`.
 * - `PUT ?comp=block&blockid=<b64>`: Put Block, 201 (+ Content-MD5 of the body).
 * - `PUT ?comp=blocklist` with `<BlockList><Latest>id</Latest>…</BlockList>`: Put Block List,
 *   201 + ETag/Last-Modified; the blob's content type comes from `x-ms-blob-content-type`.
 * - `PUT` with `x-ms-blob-type: BlockBlob` (no comp): Put Blob.
 * - `GET`/`HEAD`: the committed bytes.
 * SAS: `sp` (permissions), `se` (expiry) and `sig` (HMAC over them and the path) are checked.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { Faults, readBody, sendBytes } from './http-util.js';

const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-results';
const API_VERSION = '2025-11-05';

export interface StoredBlob {
  name: string;
  /** Committed content (undefined until Put Block List / Put Blob). */
  content?: Buffer;
  contentType?: string;
  etag?: string;
  lastModified?: Date;
  uncommitted: Map<string, Buffer>;
  committedBlocks: Map<string, Buffer>;
}

export class BlobStore {
  readonly blobs = new Map<string, StoredBlob>();
  readonly faults = new Faults();
  private readonly secret = crypto.randomBytes(32);

  constructor(private readonly baseUrl: () => string) {}

  /** A SAS URL for `blobName` (`cw`: create/write for uploads, `r`: read for downloads). */
  signedUrl(blobName: string, permissions: 'cw' | 'r', extra: Record<string, string> = {}, ttlMs = 3_600_000): string {
    const path = blobPath(blobName);
    const se = new Date(Date.now() + ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const params = new URLSearchParams({ sv: API_VERSION, sr: 'b', sp: permissions, se, ...extra });
    params.set('sig', this.sign(path, params));
    return `${this.baseUrl()}${path}?${params.toString()}`;
  }

  /** Handles a request whose path is under `/<account>/`; returns false for other paths. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const prefix = `/${ACCOUNT}/${CONTAINER}/`;
    if (!url.pathname.startsWith(`/${ACCOUNT}/`)) return false;
    const common = responseHeaders(req);
    if (!url.pathname.startsWith(prefix)) {
      sendError(res, 404, 'ContainerNotFound', 'The specified container does not exist.', common);
      return true;
    }
    const name = decodeURIComponent(url.pathname.slice(prefix.length));
    const comp = url.searchParams.get('comp');
    const method = req.method ?? 'GET';
    const op = method === 'PUT' ? (comp === 'block' ? 'PutBlock' : comp === 'blocklist' ? 'PutBlockList' : comp ? `Put:${comp}` : 'PutBlob') : method === 'GET' || method === 'HEAD' ? (comp ? `Get:${comp}` : 'GetBlob') : method;
    const body = method === 'PUT' ? await readBody(req) : Buffer.alloc(0);

    const authError = this.checkSas(url, op === 'GetBlob' ? 'r' : 'w');
    if (authError) return sendError(res, 403, 'AuthenticationFailed', authError, common), true;
    const fault = this.faults.take(op);
    if (fault) return sendError(res, fault.status, 'InternalError', fault.msg ?? `injected failure of ${op}`, common), true;

    if (op === 'PutBlock' || op === 'PutBlockList' || op === 'PutBlob') {
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) !== body.length) {
        return sendError(res, 400, 'InvalidHeaderValue', `Content-Length ${declared} but ${body.length} bytes received`, common), true;
      }
      if (req.headers['x-ms-structured-body']) {
        return sendError(res, 400, 'UnsupportedHeader', 'structured message (CRC64) uploads are not emulated', common), true;
      }
      const md5 = req.headers['content-md5'];
      const bodyMd5 = crypto.createHash('md5').update(body).digest('base64');
      if (typeof md5 === 'string' && md5 !== bodyMd5) return sendError(res, 400, 'Md5Mismatch', 'The MD5 value specified in the request did not match', common), true;
    }
    const blob = this.blobs.get(name);

    switch (op) {
      case 'PutBlock': {
        const id = url.searchParams.get('blockid');
        if (!id) return sendError(res, 400, 'MissingRequiredQueryParameter', 'blockid is required', common), true;
        const b = blob ?? this.create(name);
        b.uncommitted.set(id, body);
        const md5 = crypto.createHash('md5').update(body).digest('base64');
        sendBytes(res, 201, Buffer.alloc(0), { ...common, 'content-md5': md5, 'x-ms-request-server-encrypted': 'true' });
        return true;
      }
      case 'PutBlockList': {
        const b = blob ?? this.create(name);
        const parts: Buffer[] = [];
        for (const [, kind, id] of body.toString('utf8').matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
          const data = kind === 'Committed' ? b.committedBlocks.get(id) : kind === 'Uncommitted' ? b.uncommitted.get(id) : (b.uncommitted.get(id) ?? b.committedBlocks.get(id));
          if (!data) return sendError(res, 400, 'InvalidBlockList', `The specified block list is invalid: unknown block ${id}`, common), true;
          parts.push(data);
          b.committedBlocks.set(id, data);
        }
        b.uncommitted.clear();
        this.commit(b, Buffer.concat(parts), req.headers['x-ms-blob-content-type']);
        sendBytes(res, 201, Buffer.alloc(0), { ...common, etag: b.etag!, 'last-modified': b.lastModified!.toUTCString(), 'x-ms-request-server-encrypted': 'true' });
        return true;
      }
      case 'PutBlob': {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return sendError(res, 400, 'InvalidHeaderValue', 'only x-ms-blob-type: BlockBlob is emulated', common), true;
        const b = blob ?? this.create(name);
        this.commit(b, body, req.headers['x-ms-blob-content-type'] ?? req.headers['content-type']);
        const md5 = crypto.createHash('md5').update(body).digest('base64');
        sendBytes(res, 201, Buffer.alloc(0), { ...common, etag: b.etag!, 'last-modified': b.lastModified!.toUTCString(), 'content-md5': md5, 'x-ms-request-server-encrypted': 'true' });
        return true;
      }
      case 'GetBlob': {
        if (!blob?.content) return sendError(res, 404, 'BlobNotFound', 'The specified blob does not exist.', common), true;
        const headers: Record<string, string> = {
          ...common,
          'content-type': url.searchParams.get('rsct') ?? blob.contentType ?? 'application/octet-stream',
          etag: blob.etag!,
          'last-modified': blob.lastModified!.toUTCString(),
          'x-ms-blob-type': 'BlockBlob',
          'accept-ranges': 'bytes',
        };
        const rscd = url.searchParams.get('rscd');
        if (rscd) headers['content-disposition'] = rscd;
        if (method === 'HEAD') {
          res.writeHead(200, { ...headers, 'content-length': String(blob.content.length) });
          res.end();
        } else sendBytes(res, 200, blob.content, headers);
        return true;
      }
      default:
        sendError(res, 400, 'UnsupportedHttpVerb', `${method} ${comp ?? ''} is not emulated`, common);
        return true;
    }
  }

  private create(name: string): StoredBlob {
    const b: StoredBlob = { name, uncommitted: new Map(), committedBlocks: new Map() };
    this.blobs.set(name, b);
    return b;
  }

  private commit(b: StoredBlob, content: Buffer, contentType: string | string[] | undefined): void {
    b.content = content;
    b.contentType = typeof contentType === 'string' ? contentType : 'application/octet-stream';
    b.lastModified = new Date();
    b.etag = `"0x${crypto.randomBytes(7).toString('hex').toUpperCase()}"`;
  }

  private sign(path: string, params: URLSearchParams): string {
    const fields = ['sv', 'sr', 'sp', 'se', 'rscd', 'rsct'].map((k) => params.get(k) ?? '');
    return crypto.createHmac('sha256', this.secret).update([path, ...fields].join('\n')).digest('base64');
  }

  /** An error message when the SAS does not allow `need` (r / w) on this path, else undefined. */
  private checkSas(url: URL, need: 'r' | 'w'): string | undefined {
    const sig = url.searchParams.get('sig');
    if (!sig) return 'Server failed to authenticate the request: no SAS signature.';
    if (sig !== this.sign(url.pathname, url.searchParams)) return 'Signature did not match.';
    const se = Date.parse(url.searchParams.get('se') ?? '');
    if (!(se > Date.now())) return 'Signed expiry time has passed.';
    const sp = url.searchParams.get('sp') ?? '';
    if (need === 'r' ? !sp.includes('r') : !/[cw]/.test(sp)) return `This request is not authorized to perform this operation using this permission (${sp}).`;
    return undefined;
  }
}

function blobPath(blobName: string): string {
  return `/${ACCOUNT}/${CONTAINER}/${blobName.split('/').map(encodeURIComponent).join('/')}`;
}

function responseHeaders(req: http.IncomingMessage): Record<string, string> {
  const h: Record<string, string> = {
    'x-ms-request-id': crypto.randomUUID(),
    'x-ms-version': String(req.headers['x-ms-version'] ?? API_VERSION),
    date: new Date().toUTCString(),
    server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0',
  };
  const clientId = req.headers['x-ms-client-request-id'];
  if (typeof clientId === 'string') h['x-ms-client-request-id'] = clientId;
  return h;
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string>): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message.replace(/[<&>]/g, ' ')}\nRequestId:${headers['x-ms-request-id']}\nTime:${new Date().toISOString()}</Message></Error>`;
  sendBytes(res, status, Buffer.from(xml), { ...headers, 'content-type': 'application/xml', 'x-ms-error-code': code });
}
