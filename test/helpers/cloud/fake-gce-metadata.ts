import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from '../../../src/shared/listen-on-loopback.js';

/**
 * A Google Compute Engine metadata server on 127.0.0.1: what google-auth-library's
 * application default credentials use on GCE, Cloud Run and GKE. Point a process at it with
 * `GCE_METADATA_HOST=<host>` (gcp-metadata reads that variable) and a HOME with no gcloud
 * credentials, and the real client fetches access tokens (for Cloud Storage, the Cloud Run
 * admin API) and ID tokens (for calling a Cloud Run service) from here.
 *
 * ID tokens are RS256 JWTs signed with a key only this server holds; `verifyIdToken` checks
 * one the way Cloud Run's IAM front does (signature, audience, expiry).
 */
export interface FakeGceMetadata {
  /** host:port, for GCE_METADATA_HOST. */
  host: string;
  /** The access token this server hands out (what a fake Google API should accept). */
  accessToken: string;
  projectId: string;
  email: string;
  /** Audiences ID tokens were issued for, in order. */
  idTokenAudiences: string[];
  /** True when `token` is an unexpired ID token from this server for `audience`. */
  verifyIdToken(token: string, audience: string): boolean;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startFakeGceMetadata(options: { projectId?: string; email?: string } = {}): Promise<FakeGceMetadata> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const projectId = options.projectId ?? 'helios-test';
  const email = options.email ?? `helios-caller@${projectId}.iam.gserviceaccount.com`;
  const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
  const idTokenAudiences: string[] = [];

  const signIdToken = (audience: string) => {
    const now = Math.floor(Date.now() / 1000);
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'fake' }));
    const body = b64url(JSON.stringify({ iss: 'https://accounts.google.com', aud: audience, sub: '1', email, iat: now, exp: now + 3600 }));
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey);
    return `${head}.${body}.${b64url(signature)}`;
  };

  const routes: Record<string, (url: URL) => { type: string; body: string } | null> = {
    '/computeMetadata/v1/instance/service-accounts/default/token': () => ({
      type: 'application/json',
      body: JSON.stringify({ access_token: accessToken, expires_in: 3599, token_type: 'Bearer' }),
    }),
    '/computeMetadata/v1/instance/service-accounts/default/identity': (url) => {
      const audience = url.searchParams.get('audience');
      if (!audience) return null;
      idTokenAudiences.push(audience);
      return { type: 'text/plain', body: signIdToken(audience) };
    },
    '/computeMetadata/v1/instance/service-accounts/default/email': () => ({ type: 'text/plain', body: email }),
    '/computeMetadata/v1/project/project-id': () => ({ type: 'text/plain', body: projectId }),
    '/computeMetadata/v1/universe/universe-domain': () => ({ type: 'text/plain', body: 'googleapis.com' }),
    '/computeMetadata/v1/instance': () => ({ type: 'application/json', body: '{}' }),
    '/computeMetadata/v1/instance/': () => ({ type: 'application/json', body: '{}' }),
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://metadata');
    // The real server refuses requests without the header (it stops SSRF through proxies).
    if (req.headers['metadata-flavor'] !== 'Google') {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Missing Metadata-Flavor:Google header.');
      return;
    }
    const answer = routes[url.pathname]?.(url);
    if (!answer) {
      res.writeHead(404, { 'Metadata-Flavor': 'Google', 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'Metadata-Flavor': 'Google', 'Content-Type': answer.type }).end(answer.body);
  });
  const origin = await listenOnLoopback(server);

  return {
    host: origin.replace(/^http:\/\//, ''),
    accessToken,
    projectId,
    email,
    idTokenAudiences,
    verifyIdToken(token, audience) {
      const [head, body, signature] = token.split('.');
      if (!head || !body || !signature) return false;
      if (!createVerify('RSA-SHA256').update(`${head}.${body}`).verify(publicKey, Buffer.from(signature, 'base64url'))) return false;
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { aud?: string; exp?: number };
      return claims.aud === audience && (claims.exp ?? 0) > Date.now() / 1000;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
