/**
 * State and REST JSON shapes of the local GitHub API (github-api.ts): releases with assets,
 * issue comments, workflow-run artifacts. Tests inspect `state` directly.
 */
import crypto from 'node:crypto';

export interface AssetRecord {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  size: number;
  bytes: Buffer;
  downloadCount: number;
  createdAt: Date;
}

export interface ReleaseRecord {
  id: number;
  owner: string;
  repo: string;
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  targetCommitish: string;
  createdAt: Date;
  assets: AssetRecord[];
}

export interface CommentRecord {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface RunArtifactRecord {
  owner: string;
  repo: string;
  runId: number;
  id: number;
  name: string;
  size: number;
  digest?: string;
  createdAt?: Date;
  expired?: boolean;
}

export class GitHubState {
  releases: ReleaseRecord[] = [];
  comments: CommentRecord[] = [];
  /** Artifacts listed by `GET /repos/{o}/{r}/actions/runs/{run_id}/artifacts` (push to add). */
  runArtifacts: RunArtifactRecord[] = [];
  /** Every request: method, path (no query), status. */
  requests: { method: string; path: string; status: number }[] = [];
  private nextId = 1;

  id(): number {
    return this.nextId++;
  }

  releaseByTag(owner: string, repo: string, tag: string): ReleaseRecord | undefined {
    return this.releases.find((r) => r.owner === owner && r.repo === repo && r.tagName === tag);
  }

  commentsOn(owner: string, repo: string, issueNumber: number): CommentRecord[] {
    return this.comments.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === issueNumber);
  }

  findAsset(owner: string, repo: string, id: number): { release: ReleaseRecord; asset: AssetRecord } | undefined {
    for (const release of this.releases.filter((r) => r.owner === owner && r.repo === repo)) {
      const asset = release.assets.find((a) => a.id === id);
      if (asset) return { release, asset };
    }
    return undefined;
  }
}

const BOT = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  type: 'Bot',
  site_admin: false,
};

const nodeId = (kind: string, id: number) => Buffer.from(`${kind}${id}`).toString('base64');

/** URL roots: `api` for REST, `web` for html/browser URLs (both this service). */
export interface Roots {
  api: string;
  web: string;
}

export function assetJson(u: Roots, rel: ReleaseRecord, a: AssetRecord) {
  return {
    url: `${u.api}/repos/${rel.owner}/${rel.repo}/releases/assets/${a.id}`,
    browser_download_url: `${u.web}/${rel.owner}/${rel.repo}/releases/download/${encodeURIComponent(rel.tagName)}/${encodeURIComponent(a.name)}`,
    id: a.id,
    node_id: nodeId('RA_', a.id),
    name: a.name,
    label: a.label,
    state: 'uploaded',
    content_type: a.contentType,
    size: a.size,
    digest: `sha256:${crypto.createHash('sha256').update(a.bytes).digest('hex')}`,
    download_count: a.downloadCount,
    created_at: a.createdAt.toISOString(),
    updated_at: a.createdAt.toISOString(),
    uploader: BOT,
  };
}

export function releaseJson(u: Roots, r: ReleaseRecord) {
  const api = `${u.api}/repos/${r.owner}/${r.repo}`;
  return {
    url: `${api}/releases/${r.id}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    // RFC 6570 template, like https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}
    upload_url: `${api}/releases/${r.id}/assets{?name,label}`,
    html_url: `${u.web}/${r.owner}/${r.repo}/releases/tag/${encodeURIComponent(r.tagName)}`,
    id: r.id,
    node_id: nodeId('RE_', r.id),
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: r.createdAt.toISOString(),
    published_at: r.draft ? null : r.createdAt.toISOString(),
    author: BOT,
    assets: r.assets.map((a) => assetJson(u, r, a)),
    tarball_url: `${api}/tarball/${r.tagName}`,
    zipball_url: `${api}/zipball/${r.tagName}`,
  };
}

export function commentJson(u: Roots, c: CommentRecord) {
  const api = `${u.api}/repos/${c.owner}/${c.repo}`;
  return {
    id: c.id,
    node_id: nodeId('IC_', c.id),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${u.web}/${c.owner}/${c.repo}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${api}/issues/${c.issueNumber}`,
    body: c.body,
    user: BOT,
    author_association: 'NONE',
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export function runArtifactJson(u: Roots, a: RunArtifactRecord) {
  const api = `${u.api}/repos/${a.owner}/${a.repo}`;
  const created = (a.createdAt ?? new Date()).toISOString();
  return {
    id: a.id,
    node_id: nodeId('MDg6QXJ0aWZhY3Q', a.id),
    name: a.name,
    size_in_bytes: a.size,
    url: `${api}/actions/artifacts/${a.id}`,
    archive_download_url: `${api}/actions/artifacts/${a.id}/zip`,
    expired: a.expired ?? false,
    digest: a.digest ?? null,
    created_at: created,
    updated_at: created,
    expires_at: new Date(Date.parse(created) + 90 * 86_400_000).toISOString(),
    workflow_run: { id: a.runId, repository_id: 1, head_repository_id: 1, head_branch: 'main', head_sha: '0'.repeat(40) },
  };
}

/** GitHub renames asset files with special characters (they become '.'), and trims periods. */
export function sanitizeAssetName(name: string): string {
  return name.replace(/[^A-Za-z0-9._+@-]/g, '.').replace(/^\.+|\.+$/g, '');
}
