import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Storage } from '@google-cloud/storage';
import type { StorageLocation } from '../../plan/chunk-request.js';
import { RenderAbortedError } from '../../shared/errors.js';
import type { ObjectStorage } from './object-storage.js';
import { type GcsErrorContext, mapGcsError } from './gcs-errors.js';
import { refuseWholeBucket, writeAtomically } from './storage-guards.js';

export interface GcsStorageOptions {
  /** The environment to read the endpoint override from (google-auth-library reads credentials from the process's own). */
  env: NodeJS.ProcessEnv;
}

/** Objects deleted at once by deletePrefix (each is one request). */
const DELETE_CONCURRENCY = 16;

/**
 * ObjectStorage on a Cloud Storage bucket through @google-cloud/storage, with application
 * default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, a Cloud Run service's
 * account). Downloads and uploads are checked against the object's CRC32C / MD5.
 *
 * STORAGE_EMULATOR_HOST (an emulator, a test server) becomes the API endpoint with
 * authentication kept on, so wrong credentials fail there as on Google. Uploads are resumable
 * (the client's default). On a custom endpoint the client opens the upload session without
 * credentials (it does not pass useAuthWithCustomEndpoint on to that step), so there the
 * session is opened first with them; its data then goes to the session URI, which needs
 * none, as on Google.
 */
export function createGcsStorage(location: StorageLocation, options: GcsStorageOptions): ObjectStorage {
  const emulator = options.env.STORAGE_EMULATOR_HOST;
  const storage = new Storage({
    ...(emulator ? { apiEndpoint: emulator.replace(/\/+$/, ''), useAuthWithCustomEndpoint: true } : {}),
  });
  const bucket = storage.bucket(location.bucket);
  const context = (action: string, key?: string): GcsErrorContext => ({ bucket: location.bucket, key, action });
  const call = async <T>(ctx: GcsErrorContext, run: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // A cancelled transfer is a cancelled render, not a storage failure.
      if (signal?.aborted) throw new RenderAbortedError();
      throw mapGcsError(error, ctx);
    }
  };

  return {
    location,
    url: `gs://${location.bucket}`,
    async checkBucket() {
      await call(context('open the bucket'), () => bucket.getMetadata());
    },
    async exists(key) {
      // A missing bucket also answers 404 here: checkBucket tells the two apart.
      const [found] = await call(context(`look up ${key}`, key), () => bucket.file(key).exists());
      return found;
    },
    async upload(key, file, signal) {
      const object = bucket.file(key);
      await call(context(`upload ${key}`, key), async () => {
        const uri = emulator ? (await object.createResumableUpload())[0] : undefined;
        await pipeline(createReadStream(file), object.createWriteStream({ uri, resumable: true, validation: 'crc32c' }), { signal });
      }, signal);
    },
    async download(key, file, signal) {
      await writeAtomically(file, (temp) =>
        call(context(`download ${key}`, key), () => pipeline(bucket.file(key).createReadStream({ validation: true }), createWriteStream(temp), { signal }), signal),
      );
    },
    async deletePrefix(prefix) {
      refuseWholeBucket(prefix, `gs://${location.bucket}`);
      let deleted = 0;
      let pageToken: string | undefined;
      do {
        const [files, next] = await call(context(`list ${prefix}`), () => bucket.getFiles({ prefix, autoPaginate: false, pageToken }));
        for (let i = 0; i < files.length; i += DELETE_CONCURRENCY) {
          const batch = files.slice(i, i + DELETE_CONCURRENCY);
          await Promise.all(batch.map((f) => call(context(`delete ${f.name}`, f.name), () => f.delete({ ignoreNotFound: true }))));
          deleted += batch.length;
        }
        pageToken = (next as { pageToken?: string } | null)?.pageToken;
      } while (pageToken);
      return deleted;
    },
  };
}
