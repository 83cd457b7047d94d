import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketLifecycleConfigurationCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CloudCredentialsError, CloudServiceError } from '../../shared/errors.js';
import { awsCall, awsErrorCode, awsFind, describeAwsError } from './aws-errors.js';
import type { ResourceOutcome } from './deploy-report.js';

/** Job files (composition archives, segments, manifests) expire: a failed render leaves nothing for long. */
export const JOBS_PREFIX = 'jobs/';
export const JOBS_EXPIRY_DAYS = 7;
const RULE_ID = 'helios-expire-jobs';

const BLOCK_ALL: PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

const JOBS_RULE: LifecycleRule = {
  ID: RULE_ID,
  Filter: { Prefix: JOBS_PREFIX },
  Status: 'Enabled',
  Expiration: { Days: JOBS_EXPIRY_DAYS },
};

function ruleMatches(rule: LifecycleRule | undefined): boolean {
  return rule?.Status === 'Enabled' && rule.Filter?.Prefix === JOBS_PREFIX && rule.Expiration?.Days === JOBS_EXPIRY_DAYS;
}

/** True when the bucket exists and is ours to use; a 403 means another account owns the name (or we may not look). */
async function bucketExists(s3: S3Client, bucket: string, region: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || awsErrorCode(error) === 'NotFound' || awsErrorCode(error) === 'NoSuchBucket') return false;
    if (status === 301) {
      const elsewhere = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.['x-amz-bucket-region'];
      throw new CloudServiceError(`S3 bucket ${bucket} is in ${elsewhere ?? 'another region'}, not ${region}`, 'S3', false, {
        cause: error,
        nextStep: `pass --region ${elsewhere ?? '<its region>'}, or --bucket with another name`,
      });
    }
    if (status === 403) {
      throw new CloudCredentialsError(`S3 HeadBucket ${bucket} was refused (HTTP 403)`, 'S3', {
        cause: error,
        nextStep: 'bucket names are global: another account may own this one (pass --bucket with another name), or these credentials lack s3:ListBucket on it',
      });
    }
    throw describeAwsError(error, 'S3', `S3 HeadBucket ${bucket}`);
  }
}

/** Creates the bucket or brings its settings in line: private, and job files expire after 7 days. */
export async function ensureBucket(s3: S3Client, bucket: string, region: string): Promise<ResourceOutcome> {
  const id = `s3://${bucket}`;
  const changes: string[] = [];
  const exists = await bucketExists(s3, bucket, region);
  if (!exists) {
    // us-east-1 is the default location and S3 refuses it spelled out as a LocationConstraint.
    const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
    await awsCall('S3', `S3 CreateBucket ${bucket}`, () => s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: configuration })));
  }
  const block = exists
    ? await awsFind('S3', `S3 GetPublicAccessBlock ${bucket}`, () => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))
    : undefined;
  const current = block?.PublicAccessBlockConfiguration;
  if (!current || Object.entries(BLOCK_ALL).some(([k, v]) => current[k as keyof PublicAccessBlockConfiguration] !== v)) {
    await awsCall('S3', `S3 PutPublicAccessBlock ${bucket}`, () => s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: BLOCK_ALL })));
    changes.push('public access blocked');
  }
  const lifecycle = exists
    ? await awsFind('S3', `S3 GetBucketLifecycleConfiguration ${bucket}`, () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })))
    : undefined;
  const rules = lifecycle?.Rules ?? [];
  if (!ruleMatches(rules.find((r) => r.ID === RULE_ID))) {
    // The user's own rules stay; only ours is added or replaced.
    const next = [...rules.filter((r) => r.ID !== RULE_ID), JOBS_RULE];
    await awsCall('S3', `S3 PutBucketLifecycleConfiguration ${bucket}`, () =>
      s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: next } })),
    );
    changes.push(`${JOBS_PREFIX} expires after ${JOBS_EXPIRY_DAYS} days`);
  }
  if (!exists) return { kind: 'bucket', id, action: 'created', detail: `${region}, private, ${JOBS_PREFIX} expires after ${JOBS_EXPIRY_DAYS} days` };
  return changes.length ? { kind: 'bucket', id, action: 'updated', detail: changes.join(', ') } : { kind: 'bucket', id, action: 'unchanged' };
}

/** Empties the bucket (every page of objects, 1000 per delete) and deletes it. */
export async function removeBucket(s3: S3Client, bucket: string, region: string): Promise<ResourceOutcome> {
  const id = `s3://${bucket}`;
  if (!(await bucketExists(s3, bucket, region))) return { kind: 'bucket', id, action: 'not found' };
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await awsCall('S3', `S3 ListObjectsV2 ${bucket}`, () => s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token })));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
    if (keys.length) {
      const result = await awsCall('S3', `S3 DeleteObjects ${bucket}`, () => s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } })));
      const failed = result.Errors ?? [];
      if (failed.length) {
        const first = failed[0];
        throw new CloudServiceError(`S3 DeleteObjects ${bucket}: ${failed.length} objects not deleted, e.g. ${first.Key}: ${first.Code} ${first.Message}`, 'S3', false, {
          nextStep: 'check that the credentials have s3:DeleteObject on the bucket, then run remove again',
        });
      }
      deleted += keys.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  await awsCall('S3', `S3 DeleteBucket ${bucket}`, () => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  return { kind: 'bucket', id, action: 'deleted', detail: `${deleted} object${deleted === 1 ? '' : 's'} deleted first` };
}
