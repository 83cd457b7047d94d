import type { Logger } from '../../shared/logger.js';
import { CloudRunApi } from './cloudrun-api.js';
import { ensureService, removeService } from './cloudrun-service-deploy.js';
import { resolveCloudRunDeploy, resolveCloudRunNames, type CloudRunDeployInput, type CloudRunDeploySettings } from './cloudrun-settings.js';
import { DEFAULT_DEPLOY_TIMING, type DeployTiming, type OutcomeSink, type ResourceOutcome } from './deploy-report.js';
import { ensureBucketAccess, ensureGcsBucket, removeGcsBucket, storageClient, WORKER_BUCKET_ROLE } from './gcs-bucket-deploy.js';

export interface CloudRunDeployOptions {
  input: CloudRunDeployInput;
  /**
   * GOOGLE_CLOUD_PROJECT and the endpoint overrides (HELIOS_CLOUD_RUN_API_ENDPOINT,
   * STORAGE_EMULATOR_HOST) are read from here; google-auth-library finds credentials itself.
   */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  onOutcome: OutcomeSink;
  signal?: AbortSignal;
  timing?: Partial<DeployTiming>;
}

export interface CloudRunDeployResult {
  settings: CloudRunDeploySettings;
  outcomes: ResourceOutcome[];
  serviceUrl: string | undefined;
  renderCommand: string;
  /** How to let a caller invoke the private service. */
  invokerHint: string;
  /** Without --service-account: how to give the workers' account access to the bucket. */
  bucketAccessHint: string | undefined;
}

/**
 * `helios cloudrun deploy`: the bucket and the service, each created when missing, updated
 * when it differs, left alone (no mutating call) when it matches. The service stays private:
 * no allUsers binding; callers need roles/run.invoker.
 */
export async function deployCloudRun(options: CloudRunDeployOptions): Promise<CloudRunDeployResult> {
  const settings = resolveCloudRunDeploy(options.input, options.env);
  const timing = { ...DEFAULT_DEPLOY_TIMING, ...options.timing };
  const outcomes: ResourceOutcome[] = [];
  const report = (o: ResourceOutcome) => {
    outcomes.push(o);
    options.onOutcome(o);
  };
  const storage = storageClient(settings.project, options.env);
  report(await ensureGcsBucket(storage, settings.bucket, settings.region));
  if (settings.serviceAccount) report(await ensureBucketAccess(storage, settings.bucket, settings.serviceAccount));
  const { outcome, uri } = await ensureService({ api: new CloudRunApi(options.env), timing, signal: options.signal }, settings);
  report(outcome);
  const where = `--project ${settings.project} --region ${settings.region}`;
  return {
    settings,
    outcomes,
    serviceUrl: uri,
    renderCommand: `helios render <composition> --backend cloudrun --service-url ${uri ?? '<service url>'} --bucket ${settings.bucket}`,
    invokerHint: `gcloud run services add-iam-policy-binding ${settings.service} ${where} --member=user:<you@example.com> --role=roles/run.invoker`,
    bucketAccessHint: settings.serviceAccount
      ? undefined
      : `gcloud storage buckets add-iam-policy-binding gs://${settings.bucket} --member=serviceAccount:<project-number>-compute@developer.gserviceaccount.com --role=${WORKER_BUCKET_ROLE}`,
  };
}

/** `helios cloudrun remove`: the service and, unless kept, the bucket after emptying it. */
export async function removeCloudRun(options: CloudRunDeployOptions & { keepBucket?: boolean }): Promise<ResourceOutcome[]> {
  const names = resolveCloudRunNames(options.input, options.env);
  const timing = { ...DEFAULT_DEPLOY_TIMING, ...options.timing };
  const outcomes: ResourceOutcome[] = [];
  const report = (o: ResourceOutcome) => {
    outcomes.push(o);
    options.onOutcome(o);
  };
  report(await removeService({ api: new CloudRunApi(options.env), timing, signal: options.signal }, names));
  if (!options.keepBucket) report(await removeGcsBucket(storageClient(names.project, options.env), names.bucket));
  return outcomes;
}
