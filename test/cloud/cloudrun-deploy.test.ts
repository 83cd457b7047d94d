import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeCliError } from '../../src/cli/commands.js';
import { CloudCredentialsError, HeliosError } from '../../src/shared/errors.js';
import { runDeployCli, setProcessEnv } from '../helpers/cloud/deploy-cli.js';
import { startFakeGceMetadata, type FakeGceMetadata } from '../helpers/cloud/fake-gce-metadata.js';
import { isGoogleMutating, startFakeGoogleControl, type FakeGoogleControl } from '../helpers/cloud/fake-google-control.js';
import { runCli } from '../helpers/run-cli.js';

const IMAGE = 'us-central1-docker.pkg.dev/helios-test/helios/worker:1.0';
const SERVICE = 'projects/helios-test/locations/us-central1/services/helios-render';
const BUCKET = 'helios-render-helios-test';
const WHERE = ['--project', 'helios-test', '--region', 'us-central1'];

let metadata: FakeGceMetadata;
let google: FakeGoogleControl;
let home: string;
let env: Record<string, string>;
let restoreEnv: () => void;

beforeAll(async () => {
  metadata = await startFakeGceMetadata();
  google = await startFakeGoogleControl({ accessToken: metadata.accessToken });
  home = mkdtempSync(path.join(tmpdir(), 'helios-cloudrun-deploy-'));
  env = {
    // Application default credentials from the fake metadata server: no gcloud files in HOME, no key file.
    GCE_METADATA_HOST: metadata.host,
    HOME: home,
    HELIOS_CLOUD_RUN_API_ENDPOINT: google.origin,
    STORAGE_EMULATOR_HOST: google.origin,
  };
  restoreEnv = setProcessEnv({ ...env, GOOGLE_APPLICATION_CREDENTIALS: undefined, CLOUDSDK_CONFIG: undefined, GOOGLE_CLOUD_PROJECT: undefined });
});

afterAll(async () => {
  restoreEnv();
  await google.close();
  await metadata.close();
  rmSync(home, { recursive: true, force: true });
});

const deploy = (...extra: string[]) => runDeployCli(['cloudrun', 'deploy', '--image', IMAGE, ...WHERE, ...extra], env);
const takeCalls = () => google.calls.splice(0).map((c) => `${c.service} ${c.action}`);
const mutations = () => google.calls.splice(0).filter(isGoogleMutating).map((c) => `${c.service} ${c.action}`);

interface Template {
  containers: Array<{ image: string; args: string[]; resources: { limits: Record<string, string> }; env: Array<{ name: string; value: string }> }>;
  maxInstanceRequestConcurrency: number;
  timeout: string;
  scaling: { maxInstanceCount: number };
}

describe('helios cloudrun deploy / remove against a fake Cloud Run admin API and GCS', () => {
  test('the first run creates the bucket and a private service, one request per instance', async () => {
    const run = await deploy();
    expect(run.error).toBeUndefined();
    const calls = takeCalls();
    expect(calls.filter((c) => /Create|Update|Patch|Delete|IamPolicy/.test(c))).toEqual(['storage CreateBucket', 'run CreateService']);
    expect(calls).toContain('run GetOperation');

    const bucket = google.state.buckets.get(BUCKET)?.metadata;
    expect(bucket).toMatchObject({
      location: 'US-CENTRAL1',
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
      lifecycle: { rule: [{ action: { type: 'Delete' }, condition: { age: 7, matchesPrefix: ['jobs/'] } }] },
    });

    const service = google.state.services.get(SERVICE);
    const template = service?.template as unknown as Template;
    expect(template.maxInstanceRequestConcurrency).toBe(1);
    expect(template.containers[0]).toMatchObject({
      image: IMAGE,
      args: ['worker', 'serve', '--auth', 'cloud-run-iam'],
      resources: { limits: { cpu: '2', memory: '4Gi' } },
      env: [{ name: 'HELIOS_BUCKET', value: BUCKET }],
    });
    expect(template.timeout).toBe('3600s');
    expect(template.scaling.maxInstanceCount).toBe(100);
    // Private: no IAM binding at all (no allUsers invoker), IAM check not disabled.
    expect(service?.bindings.size).toBe(0);
    expect(service?.fields.invokerIamDisabled).toBeUndefined();

    expect(run.out).toMatch(new RegExp(`^created +bucket +gs://${BUCKET} `, 'm'));
    expect(run.out).toMatch(new RegExp(`^created +service +${service?.uri.replace(/[.]/g, '\\.')} `, 'm'));
    expect(run.out).toContain(`helios render <composition> --backend cloudrun --service-url ${service?.uri} --bucket ${BUCKET}`);
    expect(run.out).toContain('gcloud run services add-iam-policy-binding helios-render --project helios-test --region us-central1 --member=user:<you@example.com> --role=roles/run.invoker');
    expect(run.out).toContain(`gcloud storage buckets add-iam-policy-binding gs://${BUCKET} --member=serviceAccount:<project-number>-compute@developer.gserviceaccount.com --role=roles/storage.objectAdmin`);
  });

  test('a second run with the same flags changes nothing and says so', async () => {
    const run = await deploy();
    expect(run.error).toBeUndefined();
    expect(mutations()).toEqual([]);
    expect(run.out).toMatch(/^unchanged +bucket /m);
    expect(run.out).toMatch(/^unchanged +service /m);
    expect(run.out).not.toMatch(/^(created|updated) /m);
  });

  test('a new --memory patches only the service template', async () => {
    const run = await deploy('--memory', '8Gi');
    expect(run.error).toBeUndefined();
    expect(mutations()).toEqual(['run UpdateService']);
    const template = google.state.services.get(SERVICE)?.template as unknown as Template;
    expect(template.containers[0].resources.limits).toEqual({ cpu: '2', memory: '8Gi' });
    expect(template.containers[0].image).toBe(IMAGE);
    expect(run.out).toMatch(/^updated +service +https:\S+ \(memory 4Gi -> 8Gi\)$/m);
  });

  test('--service-account runs the workers as that account and gives it the bucket, once', async () => {
    const account = 'helios-worker@helios-test.iam.gserviceaccount.com';
    const run = await deploy('--memory', '8Gi', '--service-account', account);
    expect(run.error).toBeUndefined();
    expect(mutations()).toEqual(['storage SetBucketIamPolicy', 'run UpdateService']);
    expect(google.state.buckets.get(BUCKET)?.policy.bindings).toEqual([{ role: 'roles/storage.objectAdmin', members: [`serviceAccount:${account}`] }]);
    expect((google.state.services.get(SERVICE)?.template as { serviceAccount?: string }).serviceAccount).toBe(account);
    expect(run.out).toMatch(/^created +bucket IAM +serviceAccount:helios-worker@\S+ roles\/storage.objectAdmin on gs:\/\/helios-render-helios-test$/m);
    expect(run.out).toMatch(/^updated +service +\S+ \(service account unset -> helios-worker@/m);
    const again = await deploy('--memory', '8Gi', '--service-account', account);
    expect(again.error).toBeUndefined();
    expect(mutations()).toEqual([]);
  });

  test('remove deletes the service and the emptied bucket; a second remove is not an error', async () => {
    for (let i = 0; i < 1200; i++) google.putObject(BUCKET, `jobs/j${String(i).padStart(4, '0')}/segment.mp4`, 'x');
    const run = await runDeployCli(['cloudrun', 'remove', ...WHERE], env);
    expect(run.error).toBeUndefined();
    const calls = takeCalls();
    expect(calls.filter((c) => c === 'storage ListObjects')).toHaveLength(2);
    expect(calls.filter((c) => c === 'storage DeleteObject')).toHaveLength(1200);
    expect(calls).toContain('run DeleteService');
    expect(calls[calls.length - 1]).toBe('storage DeleteBucket');
    expect([google.state.services.size, google.state.buckets.size]).toEqual([0, 0]);
    expect(run.out).toMatch(new RegExp(`^deleted +bucket +gs://${BUCKET} \\(1200 objects deleted first\\)$`, 'm'));

    const again = await runDeployCli(['cloudrun', 'remove', ...WHERE], env);
    expect(again.error).toBeUndefined();
    expect(mutations()).toEqual([]);
    expect(again.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^not found service +projects\/helios-test\/locations\/us-central1\/services\/helios-render \(nothing to remove\)$/),
      expect.stringMatching(/^not found bucket +gs:\/\/helios-render-helios-test \(nothing to remove\)$/),
    ]);
  });

  test('credentials Google refuses: CloudCredentialsError saying what to check, exit status 1', async () => {
    const other = await startFakeGoogleControl({ accessToken: 'ya29.some-other-token' });
    const otherEnv = { ...env, HELIOS_CLOUD_RUN_API_ENDPOINT: other.origin, STORAGE_EMULATOR_HOST: other.origin };
    const restore = setProcessEnv(otherEnv);
    try {
      const run = await runDeployCli(['cloudrun', 'deploy', '--image', IMAGE, ...WHERE], otherEnv);
      expect(run.error).toBeInstanceOf(CloudCredentialsError);
      expect((run.error as Error).message).toMatch(/^Cloud Storage GET bucket helios-render-helios-test was refused \(HTTP 401: .*\): check the Google credentials/);
      const cli = await runCli(['cloudrun', 'deploy', '--image', IMAGE, ...WHERE], { env: otherEnv });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/^error: Cloud Storage GET bucket helios-render-helios-test was refused \(HTTP 401/m);
      expect(cli.stderr).not.toContain(metadata.accessToken);
      expect(other.calls.filter(isGoogleMutating)).toEqual([]);
      expect(other.calls.length).toBeGreaterThan(0);
    } finally {
      restore();
      await other.close();
    }
  });

  test('bad flags are refused before any call', async () => {
    google.calls.length = 0;
    const cases: Array<[string[], RegExp]> = [
      [['cloudrun', 'deploy', ...WHERE], /^--image is required: pass the worker image pushed to Artifact Registry/],
      [['cloudrun', 'deploy', '--image', IMAGE, '--region', 'us-central1'], /^--project is required/],
      [['cloudrun', 'deploy', '--image', IMAGE, '--project', 'helios-test'], /^--region is required/],
      [['cloudrun', 'deploy', '--image', IMAGE, ...WHERE, '--cpu', '3'], /^--cpu must be one of 1, 2, 4, 6, 8, got "3"/],
      [['cloudrun', 'deploy', '--image', IMAGE, ...WHERE, '--memory', '4GB'], /^--memory must be a size in Mi or Gi/],
      [['cloudrun', 'deploy', '--image', IMAGE, ...WHERE, '--timeout', '3601'], /^--timeout must be between 1 and 3600, got 3601/],
      [['cloudrun', 'deploy', '--image', IMAGE, ...WHERE, '--max-instances', '0'], /^--max-instances must be between 1 and 1000, got 0/],
      [['cloudrun', 'deploy', '--image', IMAGE, ...WHERE, '--service-account', 'someone@gmail.com'], /^--service-account must be a service account email/],
    ];
    for (const [args, message] of cases) {
      const run = await runDeployCli(args, env);
      expect(run.error).toBeInstanceOf(HeliosError);
      expect(describeCliError(run.error as HeliosError)).toMatch(message);
    }
    expect(google.calls).toEqual([]);
  });
});
