import type { StorageLocation } from '../../plan/chunk-request.js';

/**
 * The little the pipeline needs from a bucket: the executor uploads the composition and
 * downloads segments, workers do the reverse. One implementation per provider (S3, GCS),
 * each on the provider's own SDK client, with credentials from the usual chain (a role, a
 * profile, application default credentials): nothing in here is public or signed by hand.
 *
 * Errors: CloudNotFoundError when the bucket (or, for download, the object) does not exist,
 * CloudCredentialsError when the provider refuses the credentials or the permission,
 * CloudServiceError for anything else the service answers (retryable when it says so).
 */
export interface ObjectStorage {
  readonly location: StorageLocation;
  /** `s3://bucket` or `gs://bucket`, for messages. */
  readonly url: string;
  /** Fails when the bucket does not exist or cannot be reached with these credentials. */
  checkBucket(): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Uploads a local file (streamed; large files in parts). */
  upload(key: string, file: string, signal?: AbortSignal): Promise<void>;
  /** Downloads to `file`, written atomically (a failed download leaves nothing at `file`). */
  download(key: string, file: string, signal?: AbortSignal): Promise<void>;
  /** Deletes every object under the prefix (all pages of the listing); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}
