/**
 * The Actions Results artifact service as `@actions/artifact` v6 talks to it, on 127.0.0.1:
 * Twirp JSON at `/twirp/github.actions.results.api.v1.ArtifactService/<Method>` (Bearer
 * runtime token) plus the Azure block-blob endpoints of the signed URLs it hands out
 * (see blob-store.ts). Semantics follow GitHub's: artifact names are unique per workflow run
 * (409 `already_exists` once finalized), ListArtifacts returns the whole run (every job),
 * only finalized artifacts are visible.
 *
 * Point the real client at it with `envFor({ runBackendId, jobBackendId })`.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { BlobStore } from './blob-store.js';
import { Faults, listen, readBody, sendJson, authToken } from './http-util.js';
import { RuntimeTokens, type JobIds } from './runtime-token.js';

export type { JobIds } from './runtime-token.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
export const TWIRP_METHODS = ['CreateArtifact', 'FinalizeArtifact', 'ListArtifacts', 'GetSignedArtifactURL', 'DeleteArtifact'] as const;
/** Twirp methods plus the blob operations `PutBlock`, `PutBlockList`, `PutBlob`, `GetBlob`. */
export type FaultTarget = (typeof TWIRP_METHODS)[number] | 'PutBlock' | 'PutBlockList' | 'PutBlob' | 'GetBlob';

export interface ArtifactRecord {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  mimeType: string;
  finalized: boolean;
  /** Committed blob size (bytes of the zip, or of the raw file with skipArchive). */
  size: number;
  /** `sha256:<hex>` the client sent at finalize. */
  digest?: string;
  createdAt: Date;
  expiresAt?: string;
  /** The stored blob (zip) bytes. */
  content?: Buffer;
  blobName: string;
}

export interface ResultsService {
  /** Origin of the service, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** A runtime token (JWT) scoped to this run/job. */
  token(runBackendId: string, jobBackendId: string): string;
  /** What a runner sets for the artifact client: ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, GITHUB_SERVER_URL. */
  envFor(job: JobIds): Record<string, string>;
  /** All artifacts (pending ones too, `finalized: false`), oldest first, with their bytes. */
  artifacts(): ArtifactRecord[];
  /** Every request seen: Twirp method or blob operation, and the status answered. */
  calls(): { op: string; status: number }[];
  /** Makes the next `times` (default 1) requests of `target` fail with `status` (Twirp error JSON / Azure XML). */
  failNext(target: FaultTarget, status: number, opts?: { times?: number; msg?: string }): void;
  close(): Promise<void>;
}

const TWIRP_CODES: Record<number, string> = { 400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found', 409: 'already_exists', 412: 'failed_precondition', 429: 'resource_exhausted', 500: 'internal', 501: 'unimplemented', 503: 'unavailable', 504: 'deadline_exceeded' };

class TwirpError extends Error {
  constructor(readonly status: number, msg: string) {
    super(msg);
  }
}

export async function startResultsService(): Promise<ResultsService> {
  const tokens = new RuntimeTokens();
  let baseUrl = '';
  const blobs = new BlobStore(() => baseUrl);
  const faults = new Faults();
  const records: ArtifactRecord[] = [];
  const log: { op: string; status: number }[] = [];
  let nextId = 1000;

  const find = (run: string, name: string, finalized: boolean) => records.find((r) => r.runBackendId === run && r.name === name && r.finalized === finalized);
  const remove = (r: ArtifactRecord) => {
    records.splice(records.indexOf(r), 1);
    blobs.blobs.delete(r.blobName);
  };
  const withContent = (r: ArtifactRecord): ArtifactRecord => {
    const blob = blobs.blobs.get(r.blobName);
    return { ...r, content: blob?.content, size: r.finalized ? r.size : (blob?.content?.length ?? 0) };
  };

  const methods: Record<string, (req: Record<string, unknown>, caller: JobIds) => unknown> = {
    CreateArtifact(req, caller) {
      const { run, job, name } = ids(req, caller, true);
      if (!name) throw new TwirpError(400, 'name is required');
      if (find(run, name, true)) throw new TwirpError(409, 'an artifact with this name already exists on the workflow run');
      const pending = find(run, name, false);
      if (pending) remove(pending); // a failed earlier attempt that was never finalized
      const mimeType = typeof req.mime_type === 'string' ? req.mime_type : 'application/zip';
      const blobName = `${run}/${crypto.randomUUID()}${mimeType === 'application/zip' ? '.zip' : ''}`;
      const expiresAt = typeof req.expires_at === 'string' ? req.expires_at : undefined;
      records.push({ id: nextId++, name, runBackendId: run, jobBackendId: job, mimeType, finalized: false, size: 0, createdAt: new Date(), expiresAt, blobName });
      return { ok: true, signed_upload_url: blobs.signedUrl(blobName, 'cw') };
    },
    FinalizeArtifact(req, caller) {
      const { run, job, name } = ids(req, caller, true);
      const r = records.find((a) => a.runBackendId === run && a.jobBackendId === job && a.name === name && !a.finalized);
      if (!r) throw new TwirpError(404, `no pending artifact ${name} for this job: call CreateArtifact first`);
      const content = blobs.blobs.get(r.blobName)?.content;
      if (!content) throw new TwirpError(412, `artifact ${name} has no committed blob: upload it (Put Block List) before finalizing`);
      if (String(req.size ?? '0') !== String(content.length)) throw new TwirpError(400, `size ${String(req.size)} does not match the uploaded ${content.length} bytes`);
      const sha = `sha256:${crypto.createHash('sha256').update(content).digest('hex')}`;
      if (typeof req.hash === 'string' && req.hash !== sha) throw new TwirpError(400, `hash ${req.hash} does not match the uploaded content (${sha})`);
      Object.assign(r, { finalized: true, size: content.length, digest: typeof req.hash === 'string' ? req.hash : sha });
      return { ok: true, artifact_id: String(r.id) };
    },
    ListArtifacts(req, caller) {
      const { run } = ids(req, caller, false);
      const nameFilter = req.name_filter;
      const idFilter = req.id_filter;
      const list = records.filter((r) => r.runBackendId === run && r.finalized && (nameFilter === undefined || r.name === nameFilter) && (idFilter === undefined || String(r.id) === String(idFilter)));
      return {
        artifacts: list.map((r) => ({
          workflow_run_backend_id: r.runBackendId,
          workflow_job_run_backend_id: r.jobBackendId,
          database_id: String(r.id),
          name: r.name,
          size: String(r.size),
          created_at: r.createdAt.toISOString(),
          ...(r.digest ? { digest: r.digest } : {}),
        })),
      };
    },
    GetSignedArtifactURL(req, caller) {
      const { run, name } = ids(req, caller, false);
      const r = find(run, name, true);
      if (!r) throw new TwirpError(404, `artifact ${name} not found in this workflow run`);
      const extra: Record<string, string> = r.mimeType === 'application/zip' ? {} : { rscd: `attachment; filename="${r.name}"; filename*=UTF-8''${encodeURIComponent(r.name)}` };
      return { signed_url: blobs.signedUrl(r.blobName, 'r', extra) };
    },
    DeleteArtifact(req, caller) {
      const { run, name } = ids(req, caller, false);
      const r = find(run, name, true);
      if (!r) throw new TwirpError(404, `artifact ${name} not found in this workflow run`);
      remove(r);
      return { ok: true, artifact_id: String(r.id) };
    },
  };

  async function twirp(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const answer = (status: number, body: unknown) => {
      log.push({ op: method, status });
      sendJson(res, status, body);
    };
    const fail = (status: number, msg: string) => answer(status, { code: TWIRP_CODES[status] ?? 'unknown', msg });
    const body = await readBody(req);
    const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (req.method !== 'POST' || !handler) return fail(404, `no handler for path /twirp/${SERVICE}/${method} (${req.method})`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return fail(404, `unexpected Content-Type: ${req.headers['content-type']} (only JSON is emulated)`);
    const caller = tokens.verify(authToken(req));
    if (typeof caller === 'string') return fail(401, caller);
    const fault = faults.take(method);
    if (fault) return fail(fault.status, fault.msg ?? `injected failure of ${method}`);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return answer(400, { code: 'malformed', msg: 'the request body is not valid JSON' });
    }
    try {
      answer(200, handler(parsed, caller));
    } catch (error) {
      if (error instanceof TwirpError) return fail(error.status, error.message);
      throw error;
    }
  }

  const listening = await listen(async (req, res, url) => {
    const prefix = `/twirp/${SERVICE}/`;
    if (url.pathname.startsWith(prefix)) return twirp(req, res, url.pathname.slice(prefix.length));
    if (url.pathname === '/_inspect/artifacts' && req.method === 'GET') {
      return sendJson(res, 200, records.map((r) => ({ ...withContent(r), content: undefined })));
    }
    const origEnd = res.end.bind(res);
    const op = `${req.method} ${url.searchParams.get('comp') ?? 'blob'}`;
    res.end = ((...args: Parameters<typeof res.end>) => (log.push({ op: blobOp(op), status: res.statusCode }), origEnd(...args))) as typeof res.end;
    if (await blobs.handle(req, res, url)) return;
    sendJson(res, 404, { code: 'bad_route', msg: `no route for ${req.method} ${url.pathname}` });
  });
  baseUrl = listening.url;

  return {
    url: listening.url,
    token: (runBackendId, jobBackendId) => tokens.issue({ runBackendId, jobBackendId }),
    envFor: (job) => ({
      ACTIONS_RESULTS_URL: `${listening.url}/`,
      ACTIONS_RUNTIME_TOKEN: tokens.issue(job),
      // github.com: not GHES (config.js isGhes), so the client uses ACTIONS_RESULTS_URL.
      GITHUB_SERVER_URL: 'https://github.com',
    }),
    artifacts: () => records.map(withContent),
    calls: () => [...log],
    failNext(target, status, opts = {}) {
      const store = (TWIRP_METHODS as readonly string[]).includes(target) ? faults : blobs.faults;
      store.add(target, status, opts.times ?? 1, opts.msg);
    },
    close: () => listening.close(),
  };
}

/** `PUT block` → PutBlock, etc. (names used in calls()). */
function blobOp(op: string): string {
  return ({ 'PUT block': 'PutBlock', 'PUT blocklist': 'PutBlockList', 'PUT blob': 'PutBlob', 'GET blob': 'GetBlob', 'HEAD blob': 'GetBlob' } as Record<string, string>)[op] ?? op;
}

/** Run/job/name of a request, checked against the caller's token scope. */
function ids(req: Record<string, unknown>, caller: JobIds, sameJob: boolean): { run: string; job: string; name: string } {
  const run = String(req.workflow_run_backend_id ?? '');
  const job = String(req.workflow_job_run_backend_id ?? '');
  if (run !== caller.runBackendId) throw new TwirpError(403, `token is not scoped to workflow run ${run}`);
  if (sameJob && job !== caller.jobBackendId) throw new TwirpError(403, `token is not scoped to job ${job}`);
  const name = String(req.name ?? '');
  return { run, job, name };
}
