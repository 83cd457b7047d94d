import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';

/**
 * An S3-compatible server on 127.0.0.1 for tests: s3rver (a file-system backed S3 clone)
 * behind a small proxy that does what s3rver does not:
 *
 * - s3rver accepts any SigV4 signature and only the access key id `S3RVER`. The proxy checks
 *   the signature with this server's own key pair (answering 403 InvalidAccessKeyId or
 *   SignatureDoesNotMatch in S3's XML error format, as S3 does) and rewrites the key id to
 *   `S3RVER` before forwarding. So wrong credentials fail as they would against AWS.
 * - It records every request (method and path, query left out) for "nothing was uploaded"
 *   assertions.
 *
 * s3rver's other gaps, found while writing the tests: ListObjectsV2 pages hold up to 1000
 * keys and its continuation tokens are only accepted for region us-east-1 (so the helper's
 * region is us-east-1); it does not know aws-chunked uploads (clients must send a plain
 * Content-Length body: src/cloud/storage/s3-storage.ts asks for checksums only when
 * required); DeleteObjects races on shared folders and answers 500 (the proxy retries it, see
 * forwardDeleteObjects). HEAD errors have no body (as on S3), so the client sees only the status.
 *
 * Point the AWS SDK at it with AWS_ENDPOINT_URL_S3=<endpoint>, AWS_REGION=us-east-1,
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY = the fields below.
 */
export interface TestS3Server {
  /** http://127.0.0.1:<port> (path-style addressing). */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Every request the proxy received, as "METHOD /bucket/key" (path decoded, no query), in order. */
  requests: string[];
  /** Requests so far whose "METHOD /path" starts with `prefix`, e.g. count('PUT /bucket/compositions/'). */
  count(prefix: string): number;
  /** The environment variables that point the AWS SDK here, with this server's credentials. */
  env(): Record<string, string>;
  /**
   * Fault injection: the next GET of an object whose "/bucket/key" starts with `prefix` is
   * answered with bytes in its middle changed (same length, same headers), as a bad disk or
   * a broken proxy would. Returns how many such downloads were damaged so far.
   */
  damageNextDownload(prefix: string): void;
  damagedDownloads(): number;
  close(): Promise<void>;
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>test</RequestId></Error>`;

const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding, as SigV4 wants for query keys and values. */
const uriEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Why the request's SigV4 Authorization header does not hold up, or null when it does: the
 * signature is computed again from the signed headers with this server's secret (S3's
 * rules: the path as sent, not encoded twice; the payload hash from x-amz-content-sha256).
 */
function checkSignature(req: http.IncomingMessage, accessKeyId: string, secretAccessKey: string): { code: string; message: string } | null {
  const auth = req.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(auth);
  if (!match) return { code: 'AccessDenied', message: 'Access Denied (no SigV4 Authorization header)' };
  const [, keyId, day, region, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string];
  if (keyId !== accessKeyId) return { code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?') as [string, string?];
  const query = [...new URLSearchParams(rawQuery)].map(([k, v]) => [uriEncode(k), uriEncode(v)]).sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : 1));
  const names = signedHeaders.split(';');
  const canonicalRequest = [
    req.method,
    rawPath,
    query.map(([k, v]) => `${k}=${v}`).join('&'),
    ...names.map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'),
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', String(req.headers['x-amz-date']), scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 's3'), 'aws4_request');
  if (createHmac('sha256', key).update(stringToSign).digest('hex') !== signature) {
    return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  }
  return null;
}

/** One request to s3rver with a buffered body: [status, headers, body]. */
function forward(port: number, req: http.IncomingMessage, headers: http.OutgoingHttpHeaders, body: Buffer): Promise<[number, http.IncomingHttpHeaders, Buffer]> {
  return new Promise((resolve, reject) => {
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve([answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)]));
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

/**
 * DeleteObjects, retried here while s3rver answers 500: s3rver deletes the keys concurrently
 * and each deletion removes its folder once empty, so two keys in one folder race (ENOENT,
 * InternalError). Each try deletes some keys; the client sees one answer, as from S3.
 */
async function forwardDeleteObjects(req: http.IncomingMessage, res: http.ServerResponse, port: number, headers: http.OutgoingHttpHeaders): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  try {
    let answer = await forward(port, req, headers, body);
    for (let attempt = 0; answer[0] === 500 && attempt < 100; attempt++) answer = await forward(port, req, headers, body);
    res.writeHead(answer[0], answer[1]).end(answer[2]);
  } catch {
    res.destroy();
  }
}

/** Starts s3rver in a temporary folder with `buckets` created, and the checking proxy in front of it. */
export async function startS3Server(options: { buckets?: string[] } = {}): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'helios-s3rver-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: (options.buckets ?? []).map((name) => ({ name })) });
  const backend = await s3rver.run();
  const accessKeyId = `AKIATEST${randomBytes(6).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64');
  const requests: string[] = [];
  let damagePrefix: string | null = null;
  let damaged = 0;

  const proxy = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    requests.push(`${req.method} ${decodeURIComponent(url.pathname)}`);
    const problem = checkSignature(req, accessKeyId, secretAccessKey);
    if (problem) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/xml' }).end(req.method === 'HEAD' ? undefined : errorXml(problem.code, problem.message));
      return;
    }
    const headers = { ...req.headers, authorization: req.headers.authorization?.replace(`Credential=${accessKeyId}/`, 'Credential=S3RVER/') };
    if (url.searchParams.has('delete')) {
      void forwardDeleteObjects(req, res, backend.port, headers);
      return;
    }
    if (req.method === 'GET' && damagePrefix !== null && decodeURIComponent(url.pathname).startsWith(damagePrefix)) {
      damagePrefix = null;
      void forward(backend.port, req, headers, Buffer.alloc(0)).then(([status, answerHeaders, body]) => {
        if (status === 200 && body.length > 16) {
          damaged += 1;
          for (let i = Math.floor(body.length / 2); i < Math.floor(body.length / 2) + 8; i++) body[i] = body[i]! ^ 0xff;
        }
        res.writeHead(status, answerHeaders).end(body);
      }, () => res.destroy());
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const endpoint = await listenOnLoopback(proxy);
  const region = 'us-east-1';

  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    requests,
    count: (prefix) => requests.filter((r) => r.startsWith(prefix)).length,
    damageNextDownload: (prefix) => {
      damagePrefix = prefix;
    },
    damagedDownloads: () => damaged,
    env: () => ({ AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey }),
    async close() {
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      proxy.closeAllConnections();
      await closed;
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
