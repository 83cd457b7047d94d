import type { DeployTiming, ResourceOutcome } from './deploy-report.js';
import type { CloudRunApi, RunOperation, RunService, RunTemplate } from './cloudrun-api.js';
import type { CloudRunDeploySettings, CloudRunNames } from './cloudrun-settings.js';

/** The image's entry point is `helios`; Cloud Run's IAM front checks callers' ID tokens. */
export const CLOUD_RUN_ARGS = ['worker', 'serve', '--auth', 'cloud-run-iam'];

export const serviceName = (n: CloudRunNames) => `projects/${n.project}/locations/${n.region}/services/${n.service}`;

/**
 * The revision template: one request (one chunk) per instance, since rendering is CPU-bound
 * and two chunks would halve each other's speed; the second-generation environment, whose
 * full Linux syscall surface Chromium expects. Fields deploy does not own (service account,
 * other variables, VPC access) are kept from `current`.
 */
export function desiredTemplate(s: CloudRunDeploySettings, current: RunTemplate = {}): RunTemplate {
  // A revision name set by hand would collide with the revision it names: Cloud Run picks a new one.
  const { revision: _revision, ...kept } = current as RunTemplate & { revision?: string };
  current = kept;
  const container = current.containers?.[0] ?? {};
  const env = (container.env ?? []).filter((e) => e.name !== 'HELIOS_BUCKET');
  return {
    ...current,
    containers: [
      {
        ...container,
        image: s.image,
        args: CLOUD_RUN_ARGS,
        resources: { ...container.resources, limits: { ...container.resources?.limits, cpu: s.cpu, memory: s.memory } },
        env: [...env, { name: 'HELIOS_BUCKET', value: s.bucket }],
      },
    ],
    maxInstanceRequestConcurrency: 1,
    timeout: `${s.timeoutSeconds}s`,
    scaling: { ...current.scaling, maxInstanceCount: s.maxInstances },
    executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
    ...(s.serviceAccount ? { serviceAccount: s.serviceAccount } : {}),
  };
}

/** What differs between the service's template and the one deploy wants, as `memory 4Gi -> 8Gi` phrases. */
export function templateChanges(current: RunTemplate | undefined, s: CloudRunDeploySettings): string[] {
  const c = current?.containers?.[0];
  const checks: Array<[string, unknown, unknown]> = [
    ['image', c?.image, s.image],
    ['args', c?.args?.join(' '), CLOUD_RUN_ARGS.join(' ')],
    ['cpu', c?.resources?.limits?.cpu, s.cpu],
    ['memory', c?.resources?.limits?.memory, s.memory],
    ['concurrency', current?.maxInstanceRequestConcurrency, 1],
    ['timeout', current?.timeout, `${s.timeoutSeconds}s`],
    ['max instances', current?.scaling?.maxInstanceCount, s.maxInstances],
    ['HELIOS_BUCKET', c?.env?.find((e) => e.name === 'HELIOS_BUCKET')?.value, s.bucket],
    ['execution environment', current?.executionEnvironment, 'EXECUTION_ENVIRONMENT_GEN2'],
  ];
  if (s.serviceAccount) checks.push(['service account', current?.serviceAccount, s.serviceAccount]);
  return checks.filter(([, was, want]) => was !== want).map(([what, was, want]) => `${what} ${String(was ?? 'unset')} -> ${String(want)}`);
}

interface ServiceContext {
  api: CloudRunApi;
  timing: DeployTiming;
  signal?: AbortSignal;
}

/** Creates the service, or patches it when its template differs; returns the outcome and the service URL. */
export async function ensureService(ctx: ServiceContext, s: CloudRunDeploySettings): Promise<{ outcome: ResourceOutcome; uri: string | undefined }> {
  const name = serviceName(s);
  const current = await ctx.api.getService(name);
  let outcome: ResourceOutcome;
  if (!current) {
    const parent = `projects/${s.project}/locations/${s.region}`;
    const op = await ctx.api.call<RunOperation>(`create service ${s.service}`, 'POST', `${parent}/services?serviceId=${encodeURIComponent(s.service)}`, { template: desiredTemplate(s) });
    await ctx.api.wait(op, ctx.timing, ctx.signal);
    outcome = { kind: 'service', id: name, action: 'created', detail: `${s.cpu} vCPU, ${s.memory}, 1 request per instance, up to ${s.maxInstances} instances` };
  } else {
    const changes = templateChanges(current.template, s);
    // A service someone opened to everyone is closed again: workers take requests only from IAM-authorized callers.
    if (current.invokerIamDisabled) changes.push('invoker IAM check disabled -> enabled');
    if (!changes.length) return { outcome: { kind: 'service', id: current.uri ?? name, action: 'unchanged' }, uri: current.uri };
    const body: RunService = { ...current, template: desiredTemplate(s, current.template), invokerIamDisabled: false };
    const op = await ctx.api.call<RunOperation>(`update service ${s.service}`, 'PATCH', name, body);
    await ctx.api.wait(op, ctx.timing, ctx.signal);
    outcome = { kind: 'service', id: name, action: 'updated', detail: changes.join(', ') };
  }
  const uri = (await ctx.api.getService(name))?.uri;
  return { outcome: { ...outcome, id: uri ?? name }, uri };
}

/** Deletes the service; a missing one is reported, not an error. */
export async function removeService(ctx: ServiceContext, n: CloudRunNames): Promise<ResourceOutcome> {
  const name = serviceName(n);
  const current = await ctx.api.getService(name);
  if (!current) return { kind: 'service', id: name, action: 'not found' };
  const op = await ctx.api.call<RunOperation>(`delete service ${n.service}`, 'DELETE', name);
  await ctx.api.wait(op, ctx.timing, ctx.signal);
  return { kind: 'service', id: current.uri ?? name, action: 'deleted' };
}
