import { Storage, type BucketMetadata, type LifecycleRule } from '@google-cloud/storage';
import { CloudServiceError } from '../../shared/errors.js';
import type { ResourceOutcome } from './deploy-report.js';
import { googleCall, googleStatus } from './google-errors.js';
import { JOBS_EXPIRY_DAYS, JOBS_PREFIX } from './s3-bucket-deploy.js';

/**
 * The Cloud Storage client. STORAGE_EMULATOR_HOST (a local server) becomes the API endpoint
 * with authentication kept on, so a test sees the same bearer tokens the real service would;
 * the library's own handling of that variable would drop them.
 */
export function storageClient(project: string, env: NodeJS.ProcessEnv): Storage {
  const endpoint = env.STORAGE_EMULATOR_HOST;
  return new Storage({ projectId: project, ...(endpoint ? { apiEndpoint: endpoint, useAuthWithCustomEndpoint: true } : {}) });
}

const JOBS_RULE: LifecycleRule = { action: { type: 'Delete' }, condition: { age: JOBS_EXPIRY_DAYS, matchesPrefix: [JOBS_PREFIX] } };

const isJobsRule = (r: LifecycleRule) => r.action?.type === 'Delete' && (r.condition?.matchesPrefix ?? []).includes(JOBS_PREFIX);
const jobsRuleMatches = (r: LifecycleRule | undefined) =>
  r !== undefined && r.condition.age === JOBS_EXPIRY_DAYS && r.condition.matchesPrefix?.length === 1 && Object.keys(r.condition).length === 2;

/** What deploy wants of the bucket's settings, and which of them differ from `current`. */
function bucketChanges(current: BucketMetadata): { changes: string[]; patch: BucketMetadata } {
  const changes: string[] = [];
  const patch: BucketMetadata = {};
  const iam = current.iamConfiguration;
  if (!iam?.uniformBucketLevelAccess?.enabled || iam.publicAccessPrevention !== 'enforced') {
    patch.iamConfiguration = { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' };
    changes.push('uniform access, public access prevented');
  }
  const rules = (current.lifecycle?.rule ?? []) as LifecycleRule[];
  if (!jobsRuleMatches(rules.find(isJobsRule))) {
    // The user's own rules stay; only ours is added or replaced.
    patch.lifecycle = { rule: [...rules.filter((r) => !isJobsRule(r)), JOBS_RULE] };
    changes.push(`${JOBS_PREFIX} deleted after ${JOBS_EXPIRY_DAYS} days`);
  }
  return { changes, patch };
}

/** Creates the bucket (private, job files deleted after 7 days) or brings its settings in line. */
export async function ensureGcsBucket(storage: Storage, name: string, region: string): Promise<ResourceOutcome> {
  const id = `gs://${name}`;
  const bucket = storage.bucket(name);
  const [exists] = await googleCall('Cloud Storage', `Cloud Storage GET bucket ${name}`, () => bucket.exists());
  if (!exists) {
    await googleCall('Cloud Storage', `Cloud Storage create bucket ${name}`, async () => {
      try {
        await storage.createBucket(name, {
          location: region.toUpperCase(),
          iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
          lifecycle: { rule: [JOBS_RULE] },
        });
      } catch (error) {
        if (googleStatus(error) !== 409) throw error;
        throw new CloudServiceError(`Cloud Storage bucket ${name} exists in another project`, 'Cloud Storage', false, {
          cause: error,
          nextStep: 'bucket names are global: pass --bucket with another name',
        });
      }
    });
    return { kind: 'bucket', id, action: 'created', detail: `${region}, uniform access, public access prevented, ${JOBS_PREFIX} deleted after ${JOBS_EXPIRY_DAYS} days` };
  }
  const [metadata] = await googleCall('Cloud Storage', `Cloud Storage GET bucket ${name}`, () => bucket.getMetadata());
  const { changes, patch } = bucketChanges(metadata);
  if (!changes.length) return { kind: 'bucket', id, action: 'unchanged' };
  await googleCall('Cloud Storage', `Cloud Storage PATCH bucket ${name}`, () => bucket.setMetadata(patch));
  return { kind: 'bucket', id, action: 'updated', detail: changes.join(', ') };
}

/** Deletes every object (page by page), then the bucket. */
export async function removeGcsBucket(storage: Storage, name: string): Promise<ResourceOutcome> {
  const id = `gs://${name}`;
  const bucket = storage.bucket(name);
  const [exists] = await googleCall('Cloud Storage', `Cloud Storage GET bucket ${name}`, () => bucket.exists());
  if (!exists) return { kind: 'bucket', id, action: 'not found' };
  let deleted = 0;
  let pageToken: string | undefined;
  do {
    const [files, next] = await googleCall('Cloud Storage', `Cloud Storage list objects in ${name}`, () =>
      bucket.getFiles({ autoPaginate: false, maxResults: 1000, pageToken }),
    );
    // A few deletes at a time: the JSON API has no batch delete outside its multipart batch endpoint.
    for (let i = 0; i < files.length; i += 16) {
      await Promise.all(files.slice(i, i + 16).map((f) => googleCall('Cloud Storage', `Cloud Storage delete ${id}/${f.name}`, () => f.delete({ ignoreNotFound: true }))));
    }
    deleted += files.length;
    pageToken = (next as { pageToken?: string } | null)?.pageToken;
  } while (pageToken);
  await googleCall('Cloud Storage', `Cloud Storage delete bucket ${name}`, () => bucket.delete());
  return { kind: 'bucket', id, action: 'deleted', detail: `${deleted} object${deleted === 1 ? '' : 's'} deleted first` };
}

/** What workers need on the bucket: replacing an object in Cloud Storage needs storage.objects.delete, hence objectAdmin. */
export const WORKER_BUCKET_ROLE = 'roles/storage.objectAdmin';

/** Grants the workers' service account WORKER_BUCKET_ROLE on the bucket, unless it has it. */
export async function ensureBucketAccess(storage: Storage, name: string, serviceAccount: string): Promise<ResourceOutcome> {
  const member = `serviceAccount:${serviceAccount}`;
  const id = `${member} ${WORKER_BUCKET_ROLE} on gs://${name}`;
  const iam = storage.bucket(name).iam;
  const [policy] = await googleCall('Cloud Storage', `Cloud Storage get IAM policy of ${name}`, () => iam.getPolicy({ requestedPolicyVersion: 3 }));
  const bindings = policy.bindings ?? [];
  if (bindings.some((b) => b.role === WORKER_BUCKET_ROLE && !b.condition && b.members.includes(member))) return { kind: 'bucket IAM', id, action: 'unchanged' };
  const existing = bindings.find((b) => b.role === WORKER_BUCKET_ROLE && !b.condition);
  const next = existing
    ? bindings.map((b) => (b === existing ? { ...b, members: [...b.members, member] } : b))
    : [...bindings, { role: WORKER_BUCKET_ROLE, members: [member] }];
  // The etag makes a concurrent change fail instead of being overwritten.
  await googleCall('Cloud Storage', `Cloud Storage set IAM policy of ${name}`, () => iam.setPolicy({ ...policy, bindings: next }));
  return { kind: 'bucket IAM', id, action: 'created' };
}
