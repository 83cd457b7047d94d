/**
 * The real `@octokit/rest` client against the local GitHub API service on 127.0.0.1.
 */
import crypto from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { startGitHubApi, type GitHubApi } from './github-api.js';

const repo = { owner: 'helios', repo: 'demo' };
let api: GitHubApi;
let octokit: Octokit;
/** request-log logs every 4xx with console.error; the tests provoke them on purpose. */
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  api = await startGitHubApi();
  octokit = new Octokit({ baseUrl: api.url, auth: api.token, log: quiet });
});
afterAll(() => api?.close());

const status = (p: Promise<unknown>) => p.then(() => 0, (e: { status?: number }) => e.status);

test('a wrong token gets 401 Bad credentials; Bearer works like token', async () => {
  const bad = new Octokit({ baseUrl: api.url, auth: 'nope', log: quiet });
  await expect(bad.repos.getReleaseByTag({ ...repo, tag: 'x' })).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') });
  const anonymous = new Octokit({ baseUrl: api.url, log: quiet });
  const headers = { authorization: `Bearer ${api.token}` };
  expect(await status(anonymous.request('GET /repos/{owner}/{repo}/releases/tags/{tag}', { ...repo, tag: 'x', headers }))).toBe(404);
});

test('releases: 404 by tag, create, find, duplicate tag is 422', async () => {
  expect(await status(octokit.repos.getReleaseByTag({ ...repo, tag: 'previews' }))).toBe(404);
  const created = await octokit.repos.createRelease({ ...repo, tag_name: 'previews', name: 'previews', prerelease: true });
  expect(created.status).toBe(201);
  expect(created.data.upload_url).toBe(`${api.url}/repos/helios/demo/releases/${created.data.id}/assets{?name,label}`);
  const found = await octokit.repos.getReleaseByTag({ ...repo, tag: 'previews' });
  expect(found.data).toMatchObject({ id: created.data.id, tag_name: 'previews', prerelease: true, assets: [] });
  await expect(octokit.repos.createRelease({ ...repo, tag_name: 'previews' })).rejects.toMatchObject({ status: 422 });
});

test('assets: upload via upload_url, public download, duplicate name 422 until deleted', async () => {
  const release = (await octokit.repos.getReleaseByTag({ ...repo, tag: 'previews' })).data;
  const bytes = crypto.randomBytes(200_000);
  const upload = (data: Buffer) =>
    octokit.repos.uploadReleaseAsset({
      ...repo,
      release_id: release.id,
      url: release.upload_url,
      name: 'pr-7.mp4',
      data: data as unknown as string,
      headers: { 'content-type': 'video/mp4', 'content-length': data.length },
    });
  const first = await upload(bytes);
  expect(first.status).toBe(201);
  expect(first.data).toMatchObject({ name: 'pr-7.mp4', size: bytes.length, content_type: 'video/mp4', state: 'uploaded' });
  expect(first.data.browser_download_url).toBe(`${api.url}/helios/demo/releases/download/previews/pr-7.mp4`);

  const fetched = await fetch(first.data.browser_download_url); // no auth, follows the 302
  expect(fetched.status).toBe(200);
  expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

  const dup = await upload(Buffer.from('second')).catch((e: { status: number; message: string }) => e);
  expect(dup).toMatchObject({ status: 422, message: expect.stringContaining('already_exists') });

  const assets = await octokit.paginate(octokit.repos.listReleaseAssets, { ...repo, release_id: release.id, per_page: 100 });
  expect(assets.map((a) => [a.name, a.size])).toEqual([['pr-7.mp4', bytes.length]]);
  expect((await octokit.repos.deleteReleaseAsset({ ...repo, asset_id: assets[0].id })).status).toBe(204);
  expect(await status(octokit.repos.deleteReleaseAsset({ ...repo, asset_id: assets[0].id }))).toBe(404);
  expect((await fetch(first.data.browser_download_url)).status).toBe(404);

  const second = await upload(Buffer.from('second'));
  expect(second.data.id).not.toBe(first.data.id);
  const stored = api.state.releaseByTag('helios', 'demo', 'previews')!;
  expect(stored.assets.map((a) => [a.name, a.size, a.bytes.toString()])).toEqual([['pr-7.mp4', 6, 'second']]);
  expect((await octokit.repos.getReleaseByTag({ ...repo, tag: 'previews' })).data.assets.map((a) => a.name)).toEqual(['pr-7.mp4']);
});

test('asset names with special characters are renamed like GitHub does', async () => {
  const release = (await octokit.repos.getReleaseByTag({ ...repo, tag: 'previews' })).data;
  const up = await octokit.repos.uploadReleaseAsset({ ...repo, release_id: release.id, url: release.upload_url, name: 'my video (1).webm', data: 'x', headers: { 'content-type': 'video/webm' } });
  expect(up.data.name).toBe('my.video..1..webm');
});

test('comments: create, list with pagination, update', async () => {
  const issue = { ...repo, issue_number: 7 };
  for (const body of ['first', 'second', '<!-- marker -->\npreview v1']) await octokit.issues.createComment({ ...issue, body });
  await octokit.issues.createComment({ ...repo, issue_number: 8, body: 'elsewhere' });

  const page1 = await octokit.issues.listComments({ ...issue, per_page: 2 });
  expect(page1.data).toHaveLength(2);
  expect(page1.headers.link).toContain('rel="next"');
  const all = await octokit.paginate(octokit.issues.listComments, { ...issue, per_page: 2 });
  expect(all.map((c) => c.body)).toEqual(['first', 'second', '<!-- marker -->\npreview v1']);

  const sticky = all.find((c) => c.body?.includes('<!-- marker -->'))!;
  const updated = await octokit.issues.updateComment({ ...repo, comment_id: sticky.id, body: '<!-- marker -->\npreview v2' });
  expect(updated.data).toMatchObject({ id: sticky.id, body: '<!-- marker -->\npreview v2' });
  expect(updated.data.html_url).toBe(`${api.url}/helios/demo/issues/7#issuecomment-${sticky.id}`);
  expect(api.state.commentsOn('helios', 'demo', 7).map((c) => c.body)).toEqual(['first', 'second', '<!-- marker -->\npreview v2']);
  expect(api.state.commentsOn('helios', 'demo', 8)).toHaveLength(1);
  expect(await status(octokit.issues.updateComment({ ...repo, comment_id: 999_999, body: 'x' }))).toBe(404);
  expect(await status(octokit.issues.createComment({ ...issue, body: '' }))).toBe(422);
});

test('workflow run artifacts: list, name filter, pagination', async () => {
  for (let i = 0; i < 3; i++) api.state.runArtifacts.push({ ...repo, runId: 42, id: 500 + i, name: `seg-${i}`, size: 100 * (i + 1), digest: `sha256:${'0'.repeat(64)}` });
  api.state.runArtifacts.push({ ...repo, runId: 43, id: 600, name: 'other-run', size: 1 });

  const res = await octokit.actions.listWorkflowRunArtifacts({ ...repo, run_id: 42 });
  expect(res.data.total_count).toBe(3);
  expect(res.data.artifacts.map((a) => [a.id, a.name, a.size_in_bytes])).toEqual([[500, 'seg-0', 100], [501, 'seg-1', 200], [502, 'seg-2', 300]]);
  const byName = await octokit.actions.listWorkflowRunArtifacts({ ...repo, run_id: 42, name: 'seg-1' });
  expect(byName.data.artifacts.map((a) => a.id)).toEqual([501]);
  const paged = await octokit.paginate(octokit.actions.listWorkflowRunArtifacts, { ...repo, run_id: 42, per_page: 2 });
  expect(paged.map((a) => a.name)).toEqual(['seg-0', 'seg-1', 'seg-2']);
});

test('the request log records method, path and status', () => {
  expect(api.state.requests).toContainEqual({ method: 'GET', path: '/repos/helios/demo/releases/tags/previews', status: 404 });
  expect(api.state.requests).toContainEqual({ method: 'POST', path: '/repos/helios/demo/issues/7/comments', status: 201 });
});
