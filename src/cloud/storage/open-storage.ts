import type { StorageLocation } from '../../plan/chunk-request.js';
import { createGcsStorage } from './gcs-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { createS3Storage } from './s3-storage.js';

/** The ObjectStorage for a bucket, on its provider's client. `env` holds the region and endpoint overrides. */
export function openStorage(location: StorageLocation, options: { env: NodeJS.ProcessEnv }): ObjectStorage {
  switch (location.kind) {
    case 's3':
      return createS3Storage(location, options);
    case 'gcs':
      return createGcsStorage(location, options);
  }
}
