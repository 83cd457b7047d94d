/**
 * The GitHub REST endpoints the product uses, on 127.0.0.1, for `new Octokit({ baseUrl: url, auth: token })`:
 * releases (by tag, create, list/upload/delete assets via the release's `upload_url`),
 * public `browser_download_url`s (302 to the bytes, no auth), issue comments (list, create,
 * get, update, delete) and workflow-run artifacts. Errors follow GitHub: 401 Bad credentials,
 * 404 Not Found, 422 Validation Failed (duplicate tag / asset name, missing fields).
 * Lists paginate with `per_page`/`page` and a `Link` header, so `octokit.paginate` works.
 */
import type http from 'node:http';
import crypto from 'node:crypto';
import { authToken, listen, match, readBody, sendBytes, sendJson } from './http-util.js';
import { GitHubState, assetJson, commentJson, releaseJson, runArtifactJson, sanitizeAssetName, type RunArtifactRecord, type Roots } from './github-state.js';

export { GitHubState } from './github-state.js';
export type { RunArtifactRecord } from './github-state.js';

export interface GitHubApi {
  /** API root for Octokit's `baseUrl`, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** The only token accepted (`Authorization: token …` or `Bearer …`). */
  token: string;
  state: GitHubState;
  close(): Promise<void>;
}

export interface GitHubApiOptions {
  token?: string;
  /** Source of `GET …/actions/runs/{run_id}/artifacts` (default: `state.runArtifacts`), e.g. linked to a results service. */
  runArtifacts?: (q: { owner: string; repo: string; runId: number }) => RunArtifactRecord[];
}

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  p: Record<string, string>;
  body: Buffer;
}
type Route = [method: string, pattern: string, handler: (c: Ctx) => void, auth?: boolean];

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly errors?: unknown[]) {
    super(message);
  }
}
const notFound = () => new HttpError(404, 'Not Found');
const invalid = (resource: string, field: string, code = 'already_exists') => new HttpError(422, 'Validation Failed', [{ resource, code, field }]);

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const token = options.token ?? `ghs_${crypto.randomBytes(18).toString('hex')}`;
  const state = new GitHubState();
  const roots: Roots = { api: '', web: '' };

  const json = (c: Ctx): Record<string, unknown> => {
    try {
      return JSON.parse(c.body.toString('utf8') || '{}');
    } catch {
      throw new HttpError(400, 'Problems parsing JSON');
    }
  };
  const releaseOf = (c: Ctx) => {
    const r = state.releases.find((x) => x.owner === c.p.owner && x.repo === c.p.repo && x.id === Number(c.p.id));
    if (!r) throw notFound();
    return r;
  };
  const commentOf = (c: Ctx) => {
    const found = state.comments.find((x) => x.owner === c.p.owner && x.repo === c.p.repo && x.id === Number(c.p.id));
    if (!found) throw notFound();
    return found;
  };
  const page = <T>(c: Ctx, items: T[], wrap?: (slice: T[]) => unknown) => {
    const perPage = Math.min(100, Math.max(1, Number(c.url.searchParams.get('per_page') ?? 30)));
    const n = Math.max(1, Number(c.url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (to: number) => {
      const u = new URL(c.url.pathname + c.url.search, roots.api);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(to));
      return u.toString();
    };
    const links = [...(n < last ? [`<${link(n + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []), ...(n > 1 ? [`<${link(n - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`] : [])];
    const slice = items.slice((n - 1) * perPage, n * perPage);
    sendJson(c.res, 200, wrap ? wrap(slice) : slice, links.length ? { link: links.join(', ') } : {});
  };

  const R = '/repos/:owner/:repo';
  const routes: Route[] = [
    ['GET', `${R}/releases`, (c) => page(c, state.releases.filter((r) => r.owner === c.p.owner && r.repo === c.p.repo).reverse().map((r) => releaseJson(roots, r)))],
    ['GET', `${R}/releases/tags/:tag`, (c) => {
      const r = state.releaseByTag(c.p.owner, c.p.repo, c.p.tag);
      if (!r || r.draft) throw notFound();
      sendJson(c.res, 200, releaseJson(roots, r));
    }],
    ['POST', `${R}/releases`, (c) => {
      const b = json(c);
      if (typeof b.tag_name !== 'string' || !b.tag_name) throw invalid('Release', 'tag_name', 'missing_field');
      if (state.releaseByTag(c.p.owner, c.p.repo, b.tag_name)) throw invalid('Release', 'tag_name');
      const r = { id: state.id(), owner: c.p.owner, repo: c.p.repo, tagName: b.tag_name, name: (b.name as string) ?? null, body: (b.body as string) ?? null, draft: !!b.draft, prerelease: !!b.prerelease, targetCommitish: (b.target_commitish as string) ?? 'main', createdAt: new Date(), assets: [] };
      state.releases.push(r);
      sendJson(c.res, 201, releaseJson(roots, r));
    }],
    ['GET', `${R}/releases/:id`, (c) => sendJson(c.res, 200, releaseJson(roots, releaseOf(c)))],
    ['DELETE', `${R}/releases/:id`, (c) => {
      state.releases.splice(state.releases.indexOf(releaseOf(c)), 1);
      sendJson(c.res, 204, undefined);
    }],
    ['GET', `${R}/releases/:id/assets`, (c) => {
      const r = releaseOf(c);
      page(c, r.assets.map((a) => assetJson(roots, r, a)));
    }],
    ['POST', `${R}/releases/:id/assets`, (c) => {
      const r = releaseOf(c);
      const raw = c.url.searchParams.get('name');
      if (!raw) throw invalid('ReleaseAsset', 'name', 'missing_field');
      const name = sanitizeAssetName(raw);
      if (r.assets.some((a) => a.name === name)) throw invalid('ReleaseAsset', 'name');
      const declared = c.req.headers['content-length'];
      if (declared !== undefined && Number(declared) !== c.body.length) throw new HttpError(400, `Bad Content-Length: ${declared} (${c.body.length} bytes received)`);
      const a = { id: state.id(), name, label: c.url.searchParams.get('label'), contentType: String(c.req.headers['content-type'] ?? 'application/octet-stream'), size: c.body.length, bytes: c.body, downloadCount: 0, createdAt: new Date() };
      r.assets.push(a);
      sendJson(c.res, 201, assetJson(roots, r, a));
    }],
    ['GET', `${R}/releases/assets/:id`, (c) => {
      const found = state.findAsset(c.p.owner, c.p.repo, Number(c.p.id));
      if (!found) throw notFound();
      if (String(c.req.headers.accept ?? '').includes('application/octet-stream')) return redirectToBytes(c, found.asset);
      sendJson(c.res, 200, assetJson(roots, found.release, found.asset));
    }],
    ['DELETE', `${R}/releases/assets/:id`, (c) => {
      const found = state.findAsset(c.p.owner, c.p.repo, Number(c.p.id));
      if (!found) throw notFound();
      found.release.assets.splice(found.release.assets.indexOf(found.asset), 1);
      sendJson(c.res, 204, undefined);
    }],
    // Public download, no auth, redirects to the object store like github.com does.
    ['GET', '/:owner/:repo/releases/download/:tag/:name', (c) => {
      const asset = state.releaseByTag(c.p.owner, c.p.repo, c.p.tag)?.assets.find((a) => a.name === c.p.name);
      if (!asset) throw notFound();
      redirectToBytes(c, asset);
    }, false],
    ['GET', '/_objects/release-assets/:id', (c) => {
      const asset = state.releases.flatMap((r) => r.assets).find((a) => a.id === Number(c.p.id));
      if (!asset) throw notFound();
      asset.downloadCount++;
      sendBytes(c.res, 200, asset.bytes, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=${asset.name}` });
    }, false],
    ['GET', `${R}/issues/:n/comments`, (c) => page(c, state.commentsOn(c.p.owner, c.p.repo, Number(c.p.n)).map((x) => commentJson(roots, x)))],
    ['POST', `${R}/issues/:n/comments`, (c) => {
      const b = json(c);
      if (typeof b.body !== 'string' || !b.body) throw invalid('IssueComment', 'body', 'missing_field');
      if (b.body.length > 65536) throw invalid('IssueComment', 'body', 'custom');
      const now = new Date();
      const comment = { id: state.id(), owner: c.p.owner, repo: c.p.repo, issueNumber: Number(c.p.n), body: b.body, createdAt: now, updatedAt: now };
      state.comments.push(comment);
      sendJson(c.res, 201, commentJson(roots, comment));
    }],
    ['GET', `${R}/issues/comments/:id`, (c) => sendJson(c.res, 200, commentJson(roots, commentOf(c)))],
    ['PATCH', `${R}/issues/comments/:id`, (c) => {
      const comment = commentOf(c);
      const b = json(c);
      if (typeof b.body !== 'string' || !b.body) throw invalid('IssueComment', 'body', 'missing_field');
      Object.assign(comment, { body: b.body, updatedAt: new Date() });
      sendJson(c.res, 200, commentJson(roots, comment));
    }],
    ['DELETE', `${R}/issues/comments/:id`, (c) => {
      state.comments.splice(state.comments.indexOf(commentOf(c)), 1);
      sendJson(c.res, 204, undefined);
    }],
    ['GET', `${R}/actions/runs/:run_id/artifacts`, (c) => {
      const q = { owner: c.p.owner, repo: c.p.repo, runId: Number(c.p.run_id) };
      const all = options.runArtifacts ? options.runArtifacts(q) : state.runArtifacts.filter((a) => a.owner === q.owner && a.repo === q.repo && a.runId === q.runId);
      const name = c.url.searchParams.get('name');
      const list = all.filter((a) => name === null || a.name === name).map((a) => runArtifactJson(roots, a));
      page(c, list, (slice) => ({ total_count: list.length, artifacts: slice }));
    }],
  ];

  function redirectToBytes(c: Ctx, asset: { id: number }) {
    c.res.writeHead(302, { location: `${roots.web}/_objects/release-assets/${asset.id}`, 'content-length': '0' });
    c.res.end();
  }

  const listening = await listen(async (req, res, url) => {
    const log = (status: number) => state.requests.push({ method: req.method ?? 'GET', path: url.pathname, status });
    const headers = { 'x-github-request-id': crypto.randomUUID(), 'x-github-media-type': 'github.v3; format=json' };
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const body = await readBody(req);
    let p: Record<string, string> | undefined;
    const route = routes.find(([m, pattern]) => m === req.method && (p = match(pattern, url.pathname)));
    try {
      if (!route || !p) throw notFound();
      if (route[3] !== false && authToken(req) !== token) throw new HttpError(401, 'Bad credentials');
      route[2]({ req, res, url, p, body });
      log(res.statusCode);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      log(error.status);
      sendJson(res, error.status, { message: error.message, ...(error.errors ? { errors: error.errors } : {}), documentation_url: 'https://docs.github.com/rest', status: String(error.status) });
    }
  });
  roots.api = listening.url;
  roots.web = listening.url;

  return { url: listening.url, token, state, close: () => listening.close() };
}
