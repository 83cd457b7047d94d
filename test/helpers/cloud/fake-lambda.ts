import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import { FakeEnvironment } from './fake-lambda-environment.js';
import { bufferedSink, FakeInvocation, streamingSink } from './fake-lambda-invocation.js';

/** A function the fake serves: its configuration and what its execution environments run. */
export interface FakeFunction {
  name: string;
  /** MB; default 2048. */
  memoryMb?: number;
  /** Seconds; default 60. */
  timeoutSeconds?: number;
  /** Reserved concurrency; none: only the account's limit applies. */
  reservedConcurrency?: number;
  /** The environment's process, e.g. [node, --import, tsx, src/cli/index.ts, worker, lambda]. */
  command: string[];
  /** Its environment (the fake adds AWS_LAMBDA_RUNTIME_API, AWS_LAMBDA_FUNCTION_NAME, AWS_REGION...). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The function's State and why (default Active); a Failed function refuses invokes. */
  state?: { State: 'Active' | 'Failed'; StateReasonCode?: string; StateReason?: string };
}

export interface FakeLambdaOptions {
  functions: FakeFunction[];
  region?: string;
  /** Access key ids the fake accepts (SigV4 Authorization header); default one, in `callerEnv`. */
  accessKeyIds?: string[];
  /** Account concurrency (AccountLimit.ConcurrentExecutions); default 1000. */
  accountConcurrency?: number;
  /** Actions refused with AccessDeniedException, e.g. `GetAccountSettings`. */
  deny?: string[];
}

export interface FakeLambda {
  /** http://127.0.0.1:port, for AWS_ENDPOINT_URL_LAMBDA. */
  endpoint: string;
  region: string;
  accountId: string;
  /** Credentials, region and endpoint for a caller (the real SDK client reads these). */
  callerEnv: Record<string, string>;
  invocations: FakeInvocation[];
  environments: FakeEnvironment[];
  /** The next `count` invokes answer 429 TooManyRequestsException. */
  throttleNext(count: number): void;
  /** Called after each PayloadChunk has passed (e.g. to kill the environment at the Nth). */
  onPayloadChunk: ((invocation: FakeInvocation) => void) | null;
  /** Everything the environments printed, with START/END/REPORT lines (CloudWatch). */
  logs(): string;
  close(): Promise<void>;
}

const ACCOUNT_ID = '123456789012';
const DEFAULT_KEY = 'AKIAHELIOSFAKELAMBDA';

/** Lambda's JSON error shape: the type in x-amzn-ErrorType, the message in the body. */
function sendError(res: http.ServerResponse, status: number, type: string, body: Record<string, unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID() });
  res.end(JSON.stringify(body));
}

/** The access key id from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/lambda/aws4_request, ...`. */
const accessKeyOf = (req: http.IncomingMessage) => /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];

const ROUTES: Array<[string, RegExp, string]> = [
  ['GET', /^\/2015-03-31\/functions\/([^/]+)\/configuration$/, 'GetFunctionConfiguration'],
  ['GET', /^\/2015-03-31\/functions\/([^/]+)$/, 'GetFunction'],
  ['GET', /^\/2019-09-30\/functions\/([^/]+)\/concurrency$/, 'GetFunctionConcurrency'],
  ['GET', /^\/2016-08-19\/account-settings\/?$/, 'GetAccountSettings'],
  ['POST', /^\/2015-03-31\/functions\/([^/]+)\/invocations$/, 'Invoke'],
  ['POST', /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/, 'InvokeWithResponseStream'],
];

/**
 * A Lambda service on 127.0.0.1 that the real @aws-sdk/client-lambda talks to
 * (AWS_ENDPOINT_URL_LAMBDA): the control-plane reads a caller makes before invoking, Invoke
 * and InvokeWithResponseStream, and per execution environment the Runtime API that a custom
 * runtime (`helios worker lambda`) loops on. Environments start on demand, stay warm, serve
 * one invocation at a time, and never exceed the function's reserved concurrency or the
 * account's: beyond it an invoke answers 429 as Lambda does. The SigV4 signature itself is
 * not verified, only that the access key id is one the fake knows.
 */
export async function startFakeLambda(options: FakeLambdaOptions): Promise<FakeLambda> {
  const region = options.region ?? 'us-east-1';
  const accessKeys = new Set(options.accessKeyIds ?? [DEFAULT_KEY]);
  const accountConcurrency = options.accountConcurrency ?? 1000;
  const functions = new Map(options.functions.map((f) => [f.name, f]));
  const invocations: FakeInvocation[] = [];
  const environments: FakeEnvironment[] = [];
  const idle = new Map<string, FakeEnvironment[]>();
  let throttled = 0;
  const arnOf = (name: string) => `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${name}`;
  const reservedTotal = () => options.functions.reduce((sum, f) => sum + (f.reservedConcurrency ?? 0), 0);
  const busy = (name?: string) => environments.filter((e) => e.current && (!name || e.current.functionName === name)).length;

  const configuration = (f: FakeFunction) => ({
    FunctionName: f.name,
    FunctionArn: arnOf(f.name),
    PackageType: 'Image',
    MemorySize: f.memoryMb ?? 2048,
    Timeout: f.timeoutSeconds ?? 60,
    Role: `arn:aws:iam::${ACCOUNT_ID}:role/${f.name}-role`,
    State: 'Active',
    ...f.state,
    LastUpdateStatus: 'Successful',
    Architectures: ['x86_64'],
    Version: '$LATEST',
    EphemeralStorage: { Size: 512 },
  });

  const fake: FakeLambda = {
    endpoint: '',
    region,
    accountId: ACCOUNT_ID,
    callerEnv: {},
    invocations,
    environments,
    throttleNext: (count) => {
      throttled += count;
    },
    onPayloadChunk: null,
    logs: () => environments.map((e) => e.output).join(''),
    close: async () => {
      server.closeAllConnections();
      await Promise.all([new Promise((resolve) => server.close(resolve)), ...environments.map((e) => e.close())]);
    },
  };

  const invoke = (f: FakeFunction, req: http.IncomingMessage, res: http.ServerResponse, streaming: boolean, payload: Buffer) => {
    if (payload.length > 6 * 1024 * 1024) {
      return sendError(res, 413, 'RequestTooLargeException', { Type: 'User', message: `Request must be smaller than 6291456 bytes for the InvokeFunction operation` });
    }
    if (f.state?.State === 'Failed') {
      // Lambda's wording for a function not Active (documented for Pending); the real error type varies with the reason.
      const message = 'The operation cannot be performed at this time. The function is currently in the following state: Failed';
      return sendError(res, 409, 'ResourceConflictException', { Type: 'User', message });
    }
    if (req.headers['x-amz-invocation-type'] === 'DryRun') return res.writeHead(204).end();
    const reserved = f.reservedConcurrency;
    const forced = throttled > 0;
    if (forced) throttled -= 1;
    if (forced || (reserved !== undefined ? busy(f.name) >= reserved : busy() >= accountConcurrency - reservedTotal())) {
      const reason = reserved !== undefined ? 'ReservedFunctionConcurrentInvocationLimitExceeded' : 'ConcurrentInvocationLimitExceeded';
      return sendError(res, 429, 'TooManyRequestsException', { Type: 'User', message: 'Rate Exceeded.', Reason: reason });
    }
    const invocation = new FakeInvocation(f.name, payload, streaming ? streamingSink(res) : bufferedSink(res), (inv) => fake.onPayloadChunk?.(inv));
    invocations.push(invocation);
    const warm = idle.get(f.name)?.filter((e) => !e.dead) ?? [];
    let environment = warm.pop();
    idle.set(f.name, warm);
    if (!environment) {
      const spec = {
        functionName: f.name,
        functionArn: arnOf(f.name),
        region,
        memoryMb: f.memoryMb ?? 2048,
        timeoutSeconds: f.timeoutSeconds ?? 60,
        command: f.command,
        env: f.env ?? { PATH: process.env.PATH },
        cwd: f.cwd,
      };
      environment = new FakeEnvironment(environments.length, spec, (e) => idle.get(f.name)?.push(e) ?? idle.set(f.name, [e]));
      environments.push(environment);
    }
    environment.assign(invocation);
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse, payload: Buffer) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const found = ROUTES.map(([method, pattern, action]) => ({ method, match: pattern.exec(path), action })).find((r) => r.match && r.method === req.method);
    if (!found) return sendError(res, 404, 'UnknownOperationException', { message: `Unknown operation ${req.method} ${path}` });
    const key = accessKeyOf(req);
    if (!key) return sendError(res, 403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' });
    if (!accessKeys.has(key)) {
      return sendError(res, 403, 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/', { message: 'The security token included in the request is invalid.' });
    }
    if (options.deny?.includes(found.action)) {
      const message = `User: arn:aws:iam::${ACCOUNT_ID}:user/helios is not authorized to perform: lambda:${found.action} because no identity-based policy allows the lambda:${found.action} action`;
      return sendError(res, 403, 'AccessDeniedException', { Message: message });
    }
    if (found.action === 'GetAccountSettings') {
      const json = { AccountLimit: { TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: accountConcurrency, UnreservedConcurrentExecutions: accountConcurrency - reservedTotal() }, AccountUsage: { TotalCodeSize: 0, FunctionCount: functions.size } };
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    }
    // A name, a partial ARN or a full ARN: the name is the part after `function:`.
    const name = decodeURIComponent(found.match![1]!).replace(/^.*function:/, '').split(':')[0]!;
    const f = functions.get(name);
    if (!f) return sendError(res, 404, 'ResourceNotFoundException', { Type: 'User', Message: `Function not found: ${arnOf(name)}` });
    const json = (body: unknown) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    switch (found.action) {
      case 'GetFunctionConfiguration':
        return json(configuration(f));
      case 'GetFunction':
        return json({ Configuration: configuration(f), Code: { RepositoryType: 'ECR', ImageUri: `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/helios:latest` }, ...(f.reservedConcurrency === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: f.reservedConcurrency } }) });
      case 'GetFunctionConcurrency':
        return json(f.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: f.reservedConcurrency });
      default:
        return invoke(f, req, res, found.action === 'InvokeWithResponseStream', payload);
    }
  };

  const server = http.createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => route(req, res, Buffer.concat(pieces)));
  });
  fake.endpoint = await listenOnLoopback(server);
  fake.callerEnv = {
    AWS_ACCESS_KEY_ID: [...accessKeys][0]!,
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
    AWS_REGION: region,
    AWS_ENDPOINT_URL_LAMBDA: fake.endpoint,
  };
  return fake;
}
