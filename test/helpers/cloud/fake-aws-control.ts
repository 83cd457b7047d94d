import http from 'node:http';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import { iamApi, iamError } from './fake-aws-iam-api.js';
import { lambdaApi, lambdaError } from './fake-aws-lambda-api.js';
import { s3Api, s3Error } from './fake-aws-s3-api.js';
import { readBody, type FakeAwsCall, type FakeAwsReply, type FakeAwsState } from './fake-aws-state.js';

export type { FakeAwsCall, FakeAwsState } from './fake-aws-state.js';

/**
 * The AWS control plane `helios lambda deploy|remove` talks to, on one 127.0.0.1 port: the
 * Lambda REST-JSON API, IAM's query API and S3's bucket calls (path style). Point the real
 * SDK clients at it with AWS_ENDPOINT_URL_LAMBDA / _IAM / _S3 = `origin`. Requests are told
 * apart by the service in their SigV4 credential scope, as AWS's own front ends do; an access
 * key the fake does not know gets that service's invalid-credentials error (signatures
 * themselves are not checked). It keeps state (buckets, roles, functions) and records every
 * call. Functions settle like Lambda's: Pending after CreateFunction and InProgress after an
 * update for one read, and an update meanwhile is a ResourceConflictException; a new role is
 * refused by CreateFunction `roleUnassumableFor` times, as IAM propagation does.
 */
export interface FakeAwsControl {
  origin: string;
  /** The access key the fake accepts (any secret). */
  accessKeyId: string;
  state: FakeAwsState;
  calls: FakeAwsCall[];
  /** Adds an object to a bucket (remove must empty it first). */
  putObject(bucket: string, key: string, body?: string): void;
  close(): Promise<void>;
}

export interface FakeAwsControlOptions {
  accountId?: string;
  accessKeyId?: string;
  /** How many CreateFunction calls with a new role fail as "cannot be assumed" (IAM propagation). */
  roleUnassumableFor?: number;
}

/** `Credential=AKID/20260101/us-east-1/lambda/aws4_request` from the Authorization header. */
function credentialScope(header: string | undefined): { accessKeyId: string; region: string; service: string } | undefined {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(header ?? '');
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}

const MUTATING = /^(Create|Put|Update|Delete)/;

/** True when a recorded call changes something (everything but Get, Head and List). */
export const isMutating = (call: FakeAwsCall) => MUTATING.test(call.action);

function badCredentials(service: string): FakeAwsReply {
  if (service === 'iam') return iamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (service === 's3') return s3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  return lambdaError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
}

export async function startFakeAwsControl(options: FakeAwsControlOptions = {}): Promise<FakeAwsControl> {
  const accessKeyId = options.accessKeyId ?? 'AKIAHELIOSFAKE000001';
  const state: FakeAwsState = { accountId: options.accountId ?? '123456789012', buckets: new Map(), roles: new Map(), functions: new Map() };
  const calls: FakeAwsCall[] = [];

  const handle = async (req: http.IncomingMessage): Promise<FakeAwsReply> => {
    const url = new URL(req.url ?? '/', 'http://fake-aws');
    const scope = credentialScope(req.headers.authorization);
    const service = scope?.service ?? 'unsigned';
    if (!scope || scope.accessKeyId !== accessKeyId) {
      calls.push({ service: service as FakeAwsCall['service'], action: 'refused: credentials' });
      return badCredentials(service);
    }
    const body = await readBody(req);
    const request = {
      method: req.method ?? 'GET',
      url,
      segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
      body,
      region: scope.region,
      state,
      record: (action: string, target?: string) => calls.push({ service: service as FakeAwsCall['service'], action, target }),
    };
    if (service === 'lambda') return lambdaApi(request);
    if (service === 'iam') return iamApi(request, { unassumableFor: options.roleUnassumableFor ?? 1 });
    if (service === 's3') return s3Api(request);
    return { status: 400, body: `the fake does not serve ${service}` };
  };

  const server = http.createServer((req, res) => {
    handle(req).then(
      (reply) => {
        res.writeHead(reply.status, { 'x-amzn-requestid': 'fake', ...reply.headers });
        res.end(req.method === 'HEAD' ? undefined : reply.body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      },
    );
  });
  const origin = await listenOnLoopback(server);
  return {
    origin,
    accessKeyId,
    state,
    calls,
    putObject(bucket, key, body = '') {
      const b = state.buckets.get(bucket);
      if (!b) throw new Error(`no bucket ${bucket}`);
      b.objects.set(key, Buffer.from(body));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
