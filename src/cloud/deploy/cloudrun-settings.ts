import { InvalidOptionError } from '../../shared/errors.js';
import { invalidValue, parseChoice, parseInteger } from '../../shared/parse-values.js';

/** The flags of `helios cloudrun deploy|remove`, as text (or numbers from a library caller). */
export interface CloudRunDeployInput {
  image?: string;
  project?: string;
  region?: string;
  service?: string;
  bucket?: string;
  memory?: string;
  cpu?: string | number;
  maxInstances?: string | number;
  timeout?: string | number;
  serviceAccount?: string;
}

export interface CloudRunNames {
  project: string;
  region: string;
  service: string;
  bucket: string;
}

export interface CloudRunDeploySettings extends CloudRunNames {
  image: string;
  memory: string;
  cpu: string;
  maxInstances: number;
  timeoutSeconds: number;
  /** The runtime service account the workers run as; undefined keeps the service's (by default the Compute Engine default account). */
  serviceAccount: string | undefined;
}

export const CLOUD_RUN_DEFAULTS = {
  service: 'helios-render',
  // Chromium and ffmpeg on one chunk: 2 vCPUs, and 4 GiB leaves room for the browser's
  // raster buffers and the encoder's lookahead at 1080p.
  memory: '4Gi',
  cpu: '2',
  maxInstances: 100,
  // Cloud Run's maximum request timeout: a chunk is one request.
  timeoutSeconds: 3600,
} as const;

const CPUS = ['1', '2', '4', '6', '8'] as const;

function check(option: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw invalidValue(option, `${rule}, got "${value}"`);
  return value;
}

/** Checks the naming flags (deploy and remove): project, region, service, bucket. */
export function resolveCloudRunNames(input: CloudRunDeployInput, env: NodeJS.ProcessEnv): CloudRunNames {
  const project = input.project ?? env.GOOGLE_CLOUD_PROJECT;
  if (!project) throw new InvalidOptionError('{project} is required: pass the Google Cloud project id (or set GOOGLE_CLOUD_PROJECT)', 'project');
  check('project', project, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id (6 to 30 lowercase letters, digits or hyphens)');
  if (!input.region) throw new InvalidOptionError('{region} is required: pass the Cloud Run region, e.g. us-central1', 'region');
  const region = check('region', input.region, /^[a-z]+-[a-z]+\d+$/, 'must be a Google Cloud region such as us-central1');
  const service = check('service', input.service ?? CLOUD_RUN_DEFAULTS.service, /^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/, 'must be a Cloud Run service name: up to 49 lowercase letters, digits or hyphens, starting with a letter');
  const bucket = check('bucket', input.bucket ?? `helios-render-${project}`, /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, 'must be a Cloud Storage bucket name: 3 to 63 lowercase letters, digits, dots, hyphens or underscores');
  return { project, region, service, bucket };
}

/** Checks every deploy flag; the message names the flag and what to pass. */
export function resolveCloudRunDeploy(input: CloudRunDeployInput, env: NodeJS.ProcessEnv): CloudRunDeploySettings {
  if (!input.image) {
    throw new InvalidOptionError('{image} is required: pass the worker image pushed to Artifact Registry, e.g. us-central1-docker.pkg.dev/my-project/helios/worker:latest', 'image');
  }
  check('image', input.image, /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[0-9a-f]{64})?$/, 'must be a container image URI such as us-central1-docker.pkg.dev/<project>/<repository>/<image>:<tag>');
  return {
    ...resolveCloudRunNames(input, env),
    image: input.image,
    memory: check('memory', input.memory ?? CLOUD_RUN_DEFAULTS.memory, /^\d+(Mi|Gi)$/, 'must be a size in Mi or Gi, such as 4Gi'),
    cpu: parseChoice('cpu', String(input.cpu ?? CLOUD_RUN_DEFAULTS.cpu), CPUS),
    maxInstances: parseInteger('maxInstances', input.maxInstances ?? CLOUD_RUN_DEFAULTS.maxInstances, 1, 1000),
    timeoutSeconds: parseInteger('timeout', input.timeout ?? CLOUD_RUN_DEFAULTS.timeoutSeconds, 1, 3600),
    serviceAccount:
      input.serviceAccount === undefined
        ? undefined
        : check('serviceAccount', input.serviceAccount, /^[a-z0-9-]+@[a-z0-9-]+\.(iam|developer)\.gserviceaccount\.com$|^[0-9]+-compute@developer\.gserviceaccount\.com$/, 'must be a service account email such as helios-worker@<project>.iam.gserviceaccount.com'),
  };
}
