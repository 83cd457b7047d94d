import { mapGcsError } from '../../src/cloud/storage/gcs-errors.js';
import { mapS3Error } from '../../src/cloud/storage/s3-errors.js';
import { resolveS3Region } from '../../src/cloud/storage/s3-storage.js';
import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, InvalidOptionError } from '../../src/shared/errors.js';

/** How the storage clients' errors become Cloud* errors (the servers in test/cloud cover the common ones end to end). */
const s3 = { bucket: 'renders', region: 'eu-west-1', action: 'upload k', key: 'k' };
const aws = (name: string, status?: number, extra: object = {}) => ({ name, $metadata: { httpStatusCode: status }, ...extra });

describe('mapS3Error', () => {
  it.each([
    ['ExpiredToken', 400, 'the session token has expired'],
    ['InvalidAccessKeyId', 403, 'the access key id is not known'],
    ['SignatureDoesNotMatch', 403, 'the secret access key does not match'],
    ['AccessDenied', 403, 'access denied'],
    ['CredentialsProviderError', undefined, 'no AWS credentials were found'],
  ])('%s is a credentials error saying what to check', (name, status, reason) => {
    const error = mapS3Error(aws(name, status, { message: 'secret AKIASECRET token abc' }), s3);
    expect(error).toBeInstanceOf(CloudCredentialsError);
    expect(error.message).toContain(reason);
    expect(error.message).toContain('AWS_PROFILE');
    expect(error.message).not.toContain('AKIASECRET');
  });

  it.each([
    [aws('SlowDown', 503), true],
    [aws('InternalError', 500), true],
    [aws('SomethingNew', 502, { $fault: 'server' }), true],
    [{ name: 'Error', code: 'ECONNRESET' }, true],
    [aws('TimeoutError'), true],
    [aws('InvalidArgument', 400, { $fault: 'client' }), false],
  ])('%o is a service error, retryable=%s', (raw, retryable) => {
    const error = mapS3Error(raw, s3);
    expect(error).toBeInstanceOf(CloudServiceError);
    expect((error as CloudServiceError).retryable).toBe(retryable);
  });

  it('tells a missing bucket from a missing key', () => {
    expect(mapS3Error(aws('NoSuchBucket', 404), s3).message).toMatch(/bucket renders does not exist in region eu-west-1.*helios lambda deploy/);
    expect(mapS3Error(aws('NotFound', 404), { ...s3, key: undefined })).toBeInstanceOf(CloudNotFoundError);
    expect(mapS3Error(aws('NoSuchKey', 404), s3).message).toContain('object k does not exist');
  });
});

describe('mapGcsError', () => {
  const gcs = { bucket: 'renders', action: 'download k', key: 'k' };
  it('maps statuses and auth failures', () => {
    expect(mapGcsError({ code: 404, message: 'No such object: renders/k' }, gcs).message).toContain('object k does not exist');
    expect(mapGcsError({ code: 404, message: 'The specified bucket does not exist.' }, gcs).message).toContain('bucket renders does not exist');
    expect(mapGcsError({ code: 403, errors: [{ reason: 'forbidden' }] }, gcs)).toBeInstanceOf(CloudCredentialsError);
    expect(mapGcsError({ message: 'Could not load the default credentials. Browse to ...' }, gcs)).toBeInstanceOf(CloudCredentialsError);
    expect((mapGcsError({ code: 429 }, gcs) as CloudServiceError).retryable).toBe(true);
    expect((mapGcsError({ code: 503 }, gcs) as CloudServiceError).retryable).toBe(true);
    expect((mapGcsError({ code: 'ECONNREFUSED' }, gcs) as CloudServiceError).retryable).toBe(true);
    expect((mapGcsError({ code: 400 }, gcs) as CloudServiceError).retryable).toBe(false);
  });
});

describe('resolveS3Region', () => {
  it('takes the location, then AWS_REGION, then AWS_DEFAULT_REGION, else asks for --region', () => {
    const loc = { kind: 's3' as const, bucket: 'renders', region: null };
    expect(resolveS3Region({ ...loc, region: 'us-west-2' }, { AWS_REGION: 'eu-west-1' })).toBe('us-west-2');
    expect(resolveS3Region(loc, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' })).toBe('eu-west-1');
    expect(resolveS3Region(loc, { AWS_DEFAULT_REGION: 'ap-south-1' })).toBe('ap-south-1');
    expect(() => resolveS3Region(loc, {})).toThrow(InvalidOptionError);
    expect(() => resolveS3Region(loc, {})).toThrow(/AWS_REGION/);
  });
});
