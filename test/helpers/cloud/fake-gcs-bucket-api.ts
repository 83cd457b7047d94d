import { googleError, type FakeGoogleReply, type FakeGoogleRequest } from './fake-google-state.js';

/** The GCS JSON API's bucket calls (and object listing and deleting), as deploy and remove use them. */

const PAGE = 1000;

export function gcsBucketApi(req: FakeGoogleRequest): FakeGoogleReply {
  // [storage, v1,] b[, bucket[, o[, object]]]: with STORAGE_EMULATOR_HOST the client drops the /storage/v1 prefix.
  const segments = req.segments[0] === 'storage' ? req.segments.slice(2) : req.segments;
  const [b, name, o, object] = segments;
  if (b !== 'b') return googleError(404, 'NOT_FOUND', `no route ${req.url.pathname}`);
  const { buckets } = req.state;
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (!name) {
    req.record('CreateBucket', String(body.name));
    if (req.method !== 'POST') return googleError(405, 'METHOD_NOT_ALLOWED', req.method);
    if (!req.url.searchParams.get('project')) return googleError(400, 'INVALID_ARGUMENT', 'Required parameter: project');
    if (buckets.has(String(body.name))) return googleError(409, 'ALREADY_EXISTS', 'Your previous request to create the named bucket succeeded and you already own it.');
    const metadata = { kind: 'storage#bucket', id: body.name, timeCreated: new Date().toISOString(), storageClass: 'STANDARD', ...body };
    buckets.set(String(body.name), { metadata, objects: new Map(), policy: { bindings: [], etag: 'CAE=', version: 1 } });
    return { status: 200, body: metadata };
  }
  const bucket = buckets.get(name);
  const missing = () => googleError(404, 'NOT_FOUND', 'The specified bucket does not exist.');
  if (o === 'iam') {
    req.record(req.method === 'PUT' ? 'SetBucketIamPolicy' : 'GetBucketIamPolicy', name);
    if (!bucket) return missing();
    if (req.method === 'PUT') {
      const next = body as { bindings?: Array<{ role: string; members: string[] }>; etag?: string };
      if (next.etag !== undefined && next.etag !== bucket.policy.etag) return googleError(412, 'FAILED_PRECONDITION', 'etag mismatch');
      bucket.policy = { bindings: next.bindings ?? [], etag: Buffer.from(String(Date.now())).toString('base64'), version: 1 };
    }
    return { status: 200, body: { kind: 'storage#policy', resourceId: `projects/_/buckets/${name}`, ...bucket.policy } };
  }
  if (o !== undefined) {
    if (!bucket) return missing();
    if (req.method === 'GET' && object === undefined) {
      req.record('ListObjects', name);
      const after = req.url.searchParams.get('pageToken') ?? '';
      const max = Math.min(Number(req.url.searchParams.get('maxResults') ?? PAGE), PAGE);
      const rest = [...bucket.objects.keys()].sort().filter((k) => k > after);
      const page = rest.slice(0, max);
      const items = page.map((k) => ({ kind: 'storage#object', name: k, bucket: name, size: String(bucket.objects.get(k)?.length ?? 0), generation: '1' }));
      return { status: 200, body: { kind: 'storage#objects', items, ...(rest.length > page.length ? { nextPageToken: page[page.length - 1] } : {}) } };
    }
    if (req.method === 'DELETE' && object !== undefined) {
      req.record('DeleteObject', `${name}/${object}`);
      return bucket.objects.delete(object) ? { status: 204 } : googleError(404, 'NOT_FOUND', `No such object: ${name}/${object}`);
    }
    return googleError(405, 'METHOD_NOT_ALLOWED', `${req.method} object`);
  }
  const action = ({ GET: 'GetBucket', PATCH: 'PatchBucket', DELETE: 'DeleteBucket' } as Record<string, string>)[req.method] ?? req.method;
  req.record(action, name);
  if (!bucket) return missing();
  if (req.method === 'GET') return { status: 200, body: bucket.metadata };
  if (req.method === 'PATCH') {
    bucket.metadata = { ...bucket.metadata, ...body };
    return { status: 200, body: bucket.metadata };
  }
  if (req.method === 'DELETE') {
    if (bucket.objects.size) return googleError(409, 'CONFLICT', 'The bucket you tried to delete is not empty.');
    buckets.delete(name);
    return { status: 204 };
  }
  return googleError(405, 'METHOD_NOT_ALLOWED', req.method);
}
