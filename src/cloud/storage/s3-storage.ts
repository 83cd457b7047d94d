import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { StorageLocation } from '../../plan/chunk-request.js';
import { InvalidOptionError, RenderAbortedError } from '../../shared/errors.js';
import type { ObjectStorage } from './object-storage.js';
import { mapS3Error, type S3ErrorContext } from './s3-errors.js';
import { refuseWholeBucket, writeAtomically } from './storage-guards.js';

export interface S3StorageOptions {
  /** The environment to read the region and endpoint from (the SDK reads credentials from the process's own). */
  env: NodeJS.ProcessEnv;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1000;

/** The bucket's region: the location's own, else the environment's default. */
export function resolveS3Region(location: StorageLocation, env: NodeJS.ProcessEnv): string {
  const region = location.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new InvalidOptionError(`no AWS region for S3 bucket ${location.bucket}: pass {region} or set AWS_REGION`, 'region');
  }
  return region;
}

/**
 * ObjectStorage on an S3 bucket through the AWS SDK. Credentials come from the SDK's default
 * chain (environment keys, AWS_PROFILE, SSO, a Lambda's or an instance's role). An endpoint in
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (MinIO, LocalStack, test servers) is used with
 * path-style addressing, since such servers rarely resolve bucket sub-domains.
 */
export function createS3Storage(location: StorageLocation, options: S3StorageOptions): ObjectStorage {
  const { env } = options;
  const region = resolveS3Region(location, env);
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const client = new S3Client({
    region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // On AWS, uploads carry a CRC32 that S3 checks (sent as an aws-chunked trailer). S3-compatible
    // servers often lack aws-chunked encoding (s3rver stores the chunk framing as the bytes), so
    // on a custom endpoint checksums go only where S3 requires them (DeleteObjects) and a
    // streamed body is a plain PUT with Content-Length.
    requestChecksumCalculation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    responseChecksumValidation: endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    // Failures are thrown (mapped below); without a logger of its own the SDK prints some to the console.
    logger: quietLogger,
  });
  const Bucket = location.bucket;
  const context = (action: string, key?: string): S3ErrorContext => ({ bucket: Bucket, region, key, action });
  const call = async <T>(ctx: S3ErrorContext, run: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // A cancelled transfer is a cancelled render, not a storage failure.
      if (signal?.aborted) throw new RenderAbortedError();
      throw mapS3Error(error, ctx);
    }
  };

  return {
    location,
    url: `s3://${Bucket}`,
    async checkBucket() {
      await call(context('open the bucket'), () => client.send(new HeadBucketCommand({ Bucket })));
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return false;
        throw mapS3Error(error, context(`look up ${key}`, key));
      }
    },
    async upload(key, file, signal) {
      // One PutObject (up to 5 GB) streamed from disk: segments and composition archives are
      // megabytes, so multipart uploads (and the extra package they need) would buy nothing.
      const { size } = await stat(file);
      await call(context(`upload ${key}`, key), () =>
        client.send(new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(file), ContentLength: size }), { abortSignal: signal }),
        signal,
      );
    },
    async download(key, file, signal) {
      await writeAtomically(file, (temp) =>
        call(context(`download ${key}`, key), async () => {
          const answer = await client.send(new GetObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
          await pipeline(answer.Body as Readable, createWriteStream(temp), { signal });
        }, signal),
      );
    },
    async deletePrefix(prefix) {
      refuseWholeBucket(prefix, `s3://${Bucket}`);
      let deleted = 0;
      let ContinuationToken: string | undefined;
      do {
        const page = await call(context(`list ${prefix}`), () => client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken })));
        const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [{ Key: item.Key }] : []));
        for (let i = 0; i < keys.length; i += DELETE_BATCH) {
          const batch = keys.slice(i, i + DELETE_BATCH);
          const answer = await call(context(`delete under ${prefix}`), () => client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch, Quiet: true } })));
          const failed = answer.Errors ?? [];
          if (failed.length > 0) throw mapS3Error({ name: failed[0]?.Code ?? 'DeleteFailed' }, context(`delete ${failed[0]?.Key ?? prefix}`, failed[0]?.Key));
          deleted += batch.length;
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return deleted;
    },
  };
}
