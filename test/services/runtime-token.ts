/**
 * ACTIONS_RUNTIME_TOKEN as a runner gets it: a JWT whose `scp` claim carries
 * `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`. The artifact client
 * only decodes it (jwt-decode, no signature check); the service checks our HS256 signature.
 */
import crypto from 'node:crypto';

export interface JobIds {
  runBackendId: string;
  jobBackendId: string;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export class RuntimeTokens {
  private readonly secret = crypto.randomBytes(32);

  issue(ids: JobIds, ttlSeconds = 6 * 3600): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const payload = b64url(
      JSON.stringify({
        nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
        scp: `Actions.ExampleScope Actions.Results:${ids.runBackendId}:${ids.jobBackendId}`,
        iss: 'vstoken.actions.githubusercontent.com',
        aud: 'vso:test-local',
        nbf: now - 60,
        exp: now + ttlSeconds,
      }),
    );
    return `${header}.${payload}.${this.signature(`${header}.${payload}`)}`;
  }

  /** The job ids of a valid token issued here, or an error message. */
  verify(token: string | undefined): JobIds | string {
    if (!token) return 'missing bearer token';
    const [header, payload, sig] = token.split('.');
    if (!header || !payload || !sig) return 'malformed token';
    if (sig !== this.signature(`${header}.${payload}`)) return 'invalid token signature';
    let claims: { scp?: string; exp?: number };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return 'malformed token payload';
    }
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return 'token expired';
    for (const scope of (claims.scp ?? '').split(' ')) {
      const parts = scope.split(':');
      if (parts[0] === 'Actions.Results' && parts.length === 3) return { runBackendId: parts[1], jobBackendId: parts[2] };
    }
    return 'token has no Actions.Results scope';
  }

  private signature(data: string): string {
    return crypto.createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
