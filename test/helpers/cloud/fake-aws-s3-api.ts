import { requestId, xmlEscape, xmlValues, type FakeAwsReply, type FakeAwsRequest, type FakeBucket } from './fake-aws-state.js';

/** S3's REST-XML bucket calls, path style (`/bucket?lifecycle`): the ones deploy and remove make. */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const xml = (status: number, body: string, headers: Record<string, string> = {}): FakeAwsReply => ({
  status,
  headers: { 'content-type': 'application/xml', ...headers },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

export function s3Error(status: number, code: string, message: string, extra = ''): FakeAwsReply {
  return xml(status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${requestId()}</RequestId></Error>`);
}

const BLOCK_FIELDS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
const PAGE = 1000;

/** Which bucket operation a method and query string name. */
function operation(method: string, query: URLSearchParams): string {
  const sub = ['publicAccessBlock', 'lifecycle', 'delete', 'list-type'].find((k) => query.has(k));
  const table: Record<string, string> = {
    'HEAD:': 'HeadBucket',
    'PUT:': 'CreateBucket',
    'DELETE:': 'DeleteBucket',
    'GET:publicAccessBlock': 'GetPublicAccessBlock',
    'PUT:publicAccessBlock': 'PutPublicAccessBlock',
    'GET:lifecycle': 'GetBucketLifecycleConfiguration',
    'PUT:lifecycle': 'PutBucketLifecycleConfiguration',
    'POST:delete': 'DeleteObjects',
    'GET:list-type': 'ListObjectsV2',
    'GET:': 'ListObjects',
  };
  return table[`${method}:${sub ?? ''}`] ?? `${method} ${sub ?? ''}`;
}

function listObjects(name: string, bucket: FakeBucket, query: URLSearchParams): FakeAwsReply {
  const keys = [...bucket.objects.keys()].sort();
  const after = query.get('continuation-token') ? Buffer.from(query.get('continuation-token') ?? '', 'base64url').toString('utf8') : '';
  const max = Math.min(Number(query.get('max-keys') ?? PAGE), PAGE);
  const rest = keys.filter((k) => k > after);
  const page = rest.slice(0, max);
  const truncated = rest.length > page.length;
  const contents = page
    .map((k) => `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"0"</ETag><Size>${bucket.objects.get(k)?.length ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
    .join('');
  const next = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]).toString('base64url')}</NextContinuationToken>` : '';
  return xml(200, `<ListBucketResult xmlns="${NS}"><Name>${name}</Name><Prefix></Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`);
}

export function s3Api(req: FakeAwsRequest): FakeAwsReply {
  const [name = '', ...keyParts] = req.segments;
  const query = req.url.searchParams;
  const body = req.body.toString('utf8');
  if (keyParts.length) {
    req.record(`${req.method} object`, name);
    return s3Error(501, 'NotImplemented', 'object calls are not part of the deploy fake');
  }
  const action = operation(req.method, query);
  req.record(action, name);
  const { buckets } = req.state;
  const bucket = buckets.get(name);
  if (action === 'CreateBucket') {
    if (bucket) return s3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
    const constraint = xmlValues(body, 'LocationConstraint')[0];
    if (constraint === 'us-east-1') return s3Error(400, 'InvalidLocationConstraint', 'The specified location-constraint is not valid');
    const region = constraint ?? 'us-east-1';
    if (region !== req.region) return s3Error(400, 'IllegalLocationConstraintException', `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`);
    buckets.set(name, { region, objects: new Map() });
    return { status: 200, headers: { location: `/${name}` } };
  }
  if (!bucket) {
    if (req.method === 'HEAD') return { status: 404 };
    return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', `<BucketName>${xmlEscape(name)}</BucketName>`);
  }
  switch (action) {
    case 'HeadBucket':
      return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
    case 'GetPublicAccessBlock': {
      if (!bucket.publicAccessBlock) return s3Error(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
      const fields = BLOCK_FIELDS.map((f) => `<${f}>${bucket.publicAccessBlock?.[f] ?? false}</${f}>`).join('');
      return xml(200, `<PublicAccessBlockConfiguration xmlns="${NS}">${fields}</PublicAccessBlockConfiguration>`);
    }
    case 'PutPublicAccessBlock':
      bucket.publicAccessBlock = Object.fromEntries(BLOCK_FIELDS.map((f) => [f, xmlValues(body, f)[0] === 'true']));
      return { status: 200 };
    case 'GetBucketLifecycleConfiguration': {
      if (!bucket.lifecycleRules?.length) return s3Error(404, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
      const rules = bucket.lifecycleRules
        .map((r) => `<Rule><ID>${xmlEscape(r.id)}</ID><Filter><Prefix>${xmlEscape(r.prefix)}</Prefix></Filter><Status>${r.status}</Status>${r.days ? `<Expiration><Days>${r.days}</Days></Expiration>` : ''}</Rule>`)
        .join('');
      return xml(200, `<LifecycleConfiguration xmlns="${NS}">${rules}</LifecycleConfiguration>`);
    }
    case 'PutBucketLifecycleConfiguration':
      bucket.lifecycleRules = xmlValues(body, 'Rule').map((r) => ({
        id: xmlValues(r, 'ID')[0] ?? '',
        prefix: xmlValues(r, 'Prefix')[0] ?? '',
        status: xmlValues(r, 'Status')[0] ?? '',
        days: xmlValues(r, 'Days')[0] ? Number(xmlValues(r, 'Days')[0]) : undefined,
      }));
      return { status: 200 };
    case 'ListObjectsV2':
      return listObjects(name, bucket, query);
    case 'DeleteObjects': {
      const keys = xmlValues(body, 'Key');
      if (keys.length > PAGE) return s3Error(400, 'MalformedXML', 'at most 1000 keys per DeleteObjects');
      for (const key of keys) bucket.objects.delete(key);
      return xml(200, `<DeleteResult xmlns="${NS}"></DeleteResult>`);
    }
    case 'DeleteBucket':
      if (bucket.objects.size) return s3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
      buckets.delete(name);
      return { status: 204 };
    default:
      return s3Error(501, 'NotImplemented', `${action} is not part of the deploy fake`);
  }
}
