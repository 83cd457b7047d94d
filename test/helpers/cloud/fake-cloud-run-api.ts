import { createHash, randomUUID } from 'node:crypto';
import { googleError, type FakeGoogleReply, type FakeGoogleRequest, type FakeOperation, type FakeRunService } from './fake-google-state.js';

/** Cloud Run Admin API v2: services and their long-running operations, as deploy uses them. */

function serviceResource(s: FakeRunService) {
  return {
    ...s.fields,
    name: s.name,
    uid: s.uid,
    generation: String(s.generation),
    uri: s.uri,
    urls: [s.uri],
    template: s.template,
    reconciling: false,
    terminalCondition: { type: 'Ready', state: 'CONDITION_SUCCEEDED' },
  };
}

function startOperation(req: FakeGoogleRequest, parent: string, response?: Record<string, unknown>) {
  const op: FakeOperation = { name: `${parent}/operations/${randomUUID()}`, pendingReads: 1, response };
  req.state.operations.set(op.name, op);
  return { status: 200, body: { name: op.name, done: false, metadata: { '@type': 'type.googleapis.com/google.cloud.run.v2.Service' } } };
}

function checkTemplate(template: unknown): string | undefined {
  const t = template as { containers?: Array<{ image?: string }> } | undefined;
  if (!t?.containers?.length || !t.containers[0].image) return 'template.containers[0].image is required';
  return undefined;
}

export function cloudRunApi(req: FakeGoogleRequest): FakeGoogleReply {
  // v2/projects/{p}/locations/{r}/(services|operations)/{id}[:verb]
  const [version, projects, project, locations, region, collection, idAndVerb] = req.segments;
  if (version !== 'v2' || projects !== 'projects' || locations !== 'locations') return googleError(404, 'NOT_FOUND', `no route ${req.url.pathname}`);
  const parent = `projects/${project}/locations/${region}`;
  const [id, verb] = (idAndVerb ?? '').split(':');
  const name = `${parent}/${collection}/${id}`;
  const { services, operations } = req.state;
  if (collection === 'operations') {
    req.record('GetOperation', name);
    const op = operations.get(name);
    if (!op) return googleError(404, 'NOT_FOUND', `Operation ${name} not found`);
    if (op.pendingReads-- > 0) return { status: 200, body: { name, done: false } };
    return { status: 200, body: { name, done: true, response: op.response } };
  }
  if (collection !== 'services') return googleError(404, 'NOT_FOUND', `no route ${req.url.pathname}`);
  if (verb) {
    req.record(verb, name);
    const s = services.get(name);
    if (!s) return googleError(404, 'NOT_FOUND', `Resource '${name}' was not found`);
    if (verb === 'getIamPolicy') return { status: 200, body: { bindings: [...s.bindings].map(([role, members]) => ({ role, members })) } };
    const policy = (req.body as { policy?: { bindings?: Array<{ role: string; members: string[] }> } }).policy;
    s.bindings = new Map((policy?.bindings ?? []).map((b) => [b.role, b.members]));
    return { status: 200, body: policy ?? {} };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (req.method === 'POST' && !id) {
    const serviceId = req.url.searchParams.get('serviceId') ?? '';
    const created = `${parent}/services/${serviceId}`;
    req.record('CreateService', created);
    if (services.has(created)) return googleError(409, 'ALREADY_EXISTS', `Resource '${created}' already exists`);
    const invalid = checkTemplate(body.template);
    if (invalid) return googleError(400, 'INVALID_ARGUMENT', invalid);
    const hash = createHash('sha256').update(created).digest('hex').slice(0, 10);
    const { template, ...fields } = body;
    const s: FakeRunService = { name: created, uid: randomUUID(), uri: `https://${serviceId}-${hash}-${region.replace(/[^a-z0-9]/g, '')}.a.run.app`, generation: 1, template: template as Record<string, unknown>, fields, bindings: new Map() };
    services.set(created, s);
    return startOperation(req, parent, serviceResource(s));
  }
  const s = services.get(name);
  const action = ({ GET: 'GetService', PATCH: 'UpdateService', DELETE: 'DeleteService' } as Record<string, string>)[req.method] ?? req.method;
  req.record(action, name);
  if (!s) return googleError(404, 'NOT_FOUND', `Resource '${name}' was not found`);
  if (req.method === 'GET') return { status: 200, body: serviceResource(s) };
  if (req.method === 'DELETE') {
    services.delete(name);
    return startOperation(req, parent, serviceResource(s));
  }
  if (req.method === 'PATCH') {
    const invalid = checkTemplate(body.template);
    if (invalid) return googleError(400, 'INVALID_ARGUMENT', invalid);
    // Output-only fields the caller echoed back are ignored, as the real API does.
    const { template, name: _n, uid: _u, uri: _uri, urls: _urls, generation: _g, reconciling: _r, terminalCondition: _t, ...fields } = body;
    s.template = template as Record<string, unknown>;
    s.fields = fields;
    s.generation += 1;
    return startOperation(req, parent, serviceResource(s));
  }
  return googleError(405, 'UNIMPLEMENTED', `${req.method} ${name}`);
}
