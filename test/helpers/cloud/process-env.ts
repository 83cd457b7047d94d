import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FakeGceMetadata } from './fake-gce-metadata.js';
import type { TestS3Server } from './s3-server.js';

/**
 * The AWS SDK and google-auth-library read credentials (and the SDK endpoints) from
 * process.env, so in-process cloud tests set it for their duration. Every variable that
 * could send a client to a real account (profiles, tokens, credential files, instance
 * metadata) is cleared, and HOME points at an empty folder so no ~/.aws or gcloud login is
 * found. `restore()` puts the environment back as it was.
 */
export async function useCloudTestEnv(options: { s3?: TestS3Server; gce?: FakeGceMetadata }): Promise<{ restore(): Promise<void> }> {
  const saved = { ...process.env };
  const home = await mkdtemp(path.join(os.tmpdir(), 'helios-cloud-home-'));
  for (const name of Object.keys(process.env)) {
    if (/^(AWS_|GOOGLE_|GCLOUD_|CLOUDSDK_|GCE_|STORAGE_EMULATOR_HOST$)/.test(name)) delete process.env[name];
  }
  Object.assign(process.env, {
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'aws-credentials'),
    ...(options.s3?.env() ?? {}),
    ...(options.gce ? { GCE_METADATA_HOST: options.gce.host } : {}),
  });
  return {
    async restore() {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      await rm(home, { recursive: true, force: true });
    },
  };
}
