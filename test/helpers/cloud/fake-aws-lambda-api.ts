import { createHash } from 'node:crypto';
import type { FakeAwsReply, FakeAwsRequest, FakeFunction } from './fake-aws-state.js';

/** Lambda's REST-JSON control plane (API version 2015-03-31): the calls `helios lambda deploy` makes. */

const json = (status: number, body: unknown): FakeAwsReply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Lambda errors: the type in `x-amzn-errortype` and the body, as the service sends them. */
export function lambdaError(status: number, type: string, message: string): FakeAwsReply {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type }, body: JSON.stringify({ Type: 'User', message }) };
}

function configuration(fn: FakeFunction, accountId: string) {
  const settling = fn.settlingReads > 0;
  return {
    FunctionName: fn.name,
    FunctionArn: `arn:aws:lambda:${fn.region}:${accountId}:function:${fn.name}`,
    Role: fn.role,
    MemorySize: fn.memorySize,
    Timeout: fn.timeout,
    EphemeralStorage: { Size: fn.ephemeralStorage },
    Environment: { Variables: fn.environment },
    Architectures: fn.architectures,
    PackageType: 'Image',
    Description: fn.description,
    LastModified: fn.lastModified,
    ImageConfigResponse: fn.command ? { ImageConfig: { Command: fn.command } } : undefined,
    State: settling && fn.state === 'Pending' ? 'Pending' : 'Active',
    LastUpdateStatus: settling && fn.lastUpdateStatus === 'InProgress' ? 'InProgress' : 'Successful',
  };
}

/** A read while the function settles sees it still changing; the next one sees it done. */
function read(fn: FakeFunction, accountId: string) {
  const config = configuration(fn, accountId);
  if (fn.settlingReads > 0 && --fn.settlingReads === 0) {
    fn.state = 'Active';
    fn.lastUpdateStatus = 'Successful';
  }
  return config;
}

const digestOf = (image: string) => `sha256:${createHash('sha256').update(image).digest('hex')}`;

interface CreateBody {
  FunctionName?: string;
  PackageType?: string;
  Code?: { ImageUri?: string };
  Role?: string;
  MemorySize?: number;
  Timeout?: number;
  EphemeralStorage?: { Size?: number };
  Environment?: { Variables?: Record<string, string> };
  ImageConfig?: { Command?: string[] };
  Architectures?: string[];
  Description?: string;
}

function createFunction(req: FakeAwsRequest, body: CreateBody): FakeAwsReply {
  const { state } = req;
  const name = body.FunctionName ?? '';
  req.record('CreateFunction', name);
  if (state.functions.has(name)) return lambdaError(409, 'ResourceConflictException', `Function already exist: ${name}`);
  if (body.PackageType !== 'Image' || !body.Code?.ImageUri) return lambdaError(400, 'InvalidParameterValueException', 'Image functions need PackageType Image and Code.ImageUri');
  const role = [...state.roles.values()].find((r) => r.arn === body.Role);
  const trusted = role && JSON.stringify(JSON.parse(role.trustPolicy)).includes('lambda.amazonaws.com');
  if (!role || !trusted || role.unassumableFor > 0) {
    if (role) role.unassumableFor -= 1;
    return lambdaError(400, 'InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.');
  }
  const fn: FakeFunction = {
    name,
    region: req.region,
    imageUri: body.Code.ImageUri,
    digest: digestOf(body.Code.ImageUri),
    role: role.arn,
    memorySize: body.MemorySize ?? 128,
    timeout: body.Timeout ?? 3,
    ephemeralStorage: body.EphemeralStorage?.Size ?? 512,
    environment: body.Environment?.Variables ?? {},
    command: body.ImageConfig?.Command,
    architectures: body.Architectures ?? ['x86_64'],
    description: body.Description ?? '',
    state: 'Pending',
    lastUpdateStatus: 'Successful',
    settlingReads: 1,
    lastModified: new Date().toISOString(),
  };
  state.functions.set(name, fn);
  return json(201, configuration(fn, state.accountId));
}

function update(req: FakeAwsRequest, fn: FakeFunction, action: string, change: () => void): FakeAwsReply {
  req.record(action, fn.name);
  if (fn.settlingReads > 0) {
    return lambdaError(409, 'ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${fn.name}`);
  }
  change();
  fn.lastUpdateStatus = 'InProgress';
  fn.settlingReads = 1;
  fn.lastModified = new Date().toISOString();
  return json(200, configuration(fn, req.state.accountId));
}

export function lambdaApi(req: FakeAwsRequest): FakeAwsReply {
  const [version, collection, name, sub] = req.segments;
  if (version !== '2015-03-31' || collection !== 'functions') return lambdaError(404, 'UnknownOperationException', `no route for ${req.method} ${req.url.pathname}`);
  const body = req.body.length ? (JSON.parse(req.body.toString('utf8')) as CreateBody & { ImageUri?: string }) : {};
  if (req.method === 'POST' && !name) return createFunction(req, body);
  const fn = req.state.functions.get(name ?? '');
  const action = ({ GET: sub === 'configuration' ? 'GetFunctionConfiguration' : 'GetFunction', DELETE: 'DeleteFunction' } as Record<string, string>)[req.method]
    ?? (sub === 'code' ? 'UpdateFunctionCode' : 'UpdateFunctionConfiguration');
  const arn = `arn:aws:lambda:${req.region}:${req.state.accountId}:function:${name}`;
  if (!fn) {
    req.record(action, name);
    return lambdaError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);
  }
  if (req.method === 'GET') {
    req.record(action, name);
    const config = read(fn, req.state.accountId);
    if (sub === 'configuration') return json(200, config);
    const repository = fn.imageUri.replace(/[:@].*$/, '');
    return json(200, { Configuration: config, Code: { RepositoryType: 'ECR', ImageUri: fn.imageUri, ResolvedImageUri: `${repository}@${fn.digest}` } });
  }
  if (req.method === 'DELETE') {
    req.record(action, name);
    req.state.functions.delete(fn.name);
    return { status: 204 };
  }
  if (sub === 'code') {
    return update(req, fn, action, () => {
      fn.imageUri = body.ImageUri ?? fn.imageUri;
      fn.digest = digestOf(fn.imageUri);
    });
  }
  return update(req, fn, action, () => {
    if (body.Role && ![...req.state.roles.values()].some((r) => r.arn === body.Role)) throw new Error(`unknown role ${body.Role}`);
    fn.role = body.Role ?? fn.role;
    fn.memorySize = body.MemorySize ?? fn.memorySize;
    fn.timeout = body.Timeout ?? fn.timeout;
    fn.ephemeralStorage = body.EphemeralStorage?.Size ?? fn.ephemeralStorage;
    fn.environment = body.Environment?.Variables ?? fn.environment;
    fn.command = body.ImageConfig?.Command ?? fn.command;
  });
}
