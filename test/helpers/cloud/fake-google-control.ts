import http from 'node:http';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';
import { readBody } from './fake-aws-state.js';
import { cloudRunApi } from './fake-cloud-run-api.js';
import { gcsBucketApi } from './fake-gcs-bucket-api.js';
import { googleError, type FakeGoogleCall, type FakeGoogleReply, type FakeGoogleState } from './fake-google-state.js';

export type { FakeGoogleCall, FakeGoogleState } from './fake-google-state.js';

/**
 * The Google control plane `helios cloudrun deploy|remove` talks to, on 127.0.0.1: the Cloud
 * Run Admin API v2 (services, long-running operations, IAM policy verbs) under /v2/, and the
 * Cloud Storage JSON API's bucket calls under /storage/v1/b (or /b). Point the code at it with
 * HELIOS_CLOUD_RUN_API_ENDPOINT and STORAGE_EMULATOR_HOST = `origin`. Every request needs
 * `Authorization: Bearer <accessToken>` (the token the fake GCE metadata server hands out);
 * anything else is a 401 UNAUTHENTICATED, as from Google. Keeps state and records calls.
 */
export interface FakeGoogleControl {
  origin: string;
  state: FakeGoogleState;
  calls: FakeGoogleCall[];
  putObject(bucket: string, name: string, body?: string): void;
  close(): Promise<void>;
}

/** True when a recorded call changes something. */
export const isGoogleMutating = (call: FakeGoogleCall) => /^(Create|Update|Patch|Delete|Set|setIamPolicy)/.test(call.action);

export async function startFakeGoogleControl(options: { accessToken: string }): Promise<FakeGoogleControl> {
  const state: FakeGoogleState = { services: new Map(), operations: new Map(), buckets: new Map() };
  const calls: FakeGoogleCall[] = [];

  const handle = async (req: http.IncomingMessage): Promise<FakeGoogleReply> => {
    const url = new URL(req.url ?? '/', 'http://fake-google');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const service = segments[0] === 'v2' ? 'run' : 'storage';
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      calls.push({ service, action: 'refused: credentials' });
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    }
    const raw = await readBody(req);
    const body = raw.length && String(req.headers['content-type']).includes('json') ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
    const request = { method: req.method ?? 'GET', url, segments, body, state, record: (action: string, target?: string) => calls.push({ service, action, target }) };
    return service === 'run' ? cloudRunApi(request) : gcsBucketApi(request);
  };

  const server = http.createServer((req, res) => {
    handle(req).then(
      (reply) => {
        if (reply.body === undefined) res.writeHead(reply.status).end();
        else res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(reply.body));
      },
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  const origin = await listenOnLoopback(server);
  return {
    origin,
    state,
    calls,
    putObject(bucket, name, body = '') {
      const b = state.buckets.get(bucket);
      if (!b) throw new Error(`no bucket ${bucket}`);
      b.objects.set(name, Buffer.from(body));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
