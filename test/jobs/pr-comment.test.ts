import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ArtifactClient } from '@actions/artifact';
import { Octokit } from '@octokit/rest';
import { publishVideo, type RunInfo } from '../../src/github/publish-video.js';
import { commentMarker } from '../../src/github/pr-comment.js';
import type { JobSpec } from '../../src/plan/job-spec.js';
import { silentLogger } from '../../src/shared/logger.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { startGitHubApi, type GitHubApi } from '../services/github-api.js';

// The root action renders to an absolute path in the runner's workspace
// (/home/runner/work/<repo>/<repo>/film.mp4) and publishes from there: the comment must name
// the video, and a run on another runner (another workspace) must find the same comment.
const exec = promisify(execFile);
const OWNER = 'helios';
const REPO = 'demo';
const PR = 12;

let tmp: string;
let api: GitHubApi;
beforeAll(async () => {
  tmp = makeTempDir('helios-pr-comment-');
  api = await startGitHubApi();
});
afterAll(async () => {
  await api?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Accepts uploads; there is never an artifact to replace. */
// Octokit logs each expected 404 (the preview release does not exist yet) through console.error.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const client = () => new Octokit({ auth: api.token, baseUrl: api.url, log: quiet });

const artifacts = { getArtifact: async () => Promise.reject(new Error('not found')), uploadArtifact: async () => ({ id: 1, size: 1 }) } as unknown as ArtifactClient;

async function publishFrom(workspace: string, runId: number): Promise<void> {
  mkdirSync(workspace, { recursive: true });
  const video = path.join(workspace, 'film.mp4');
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=256x64:rate=30:duration=0.2', '-pix_fmt', 'yuv420p', video]);
  const temp = path.join(workspace, '..', `temp-${runId}`);
  mkdirSync(temp, { recursive: true });
  // The root action's spec: the output as the action resolved it, the composition as the user wrote it.
  const spec = {
    id: 'film-abc123',
    composition: { input: 'compositions/film.html', kind: 'file', hash: null },
    render: { fps: '30', width: 256, height: 64, totalFrames: 6, format: 'mp4', mode: 'dom' },
    chunks: [{ index: 0, start: 0, end: 6 }],
    output: { path: video },
  } as unknown as JobSpec;
  const run: RunInfo = { repo: { owner: OWNER, repo: REPO }, eventName: 'pull_request', event: { pull_request: { number: PR } }, sha: `${runId}`.padEnd(40, 'b'), serverUrl: 'https://github.com', runId, temp, workspace };
  await publishVideo({
    run, artifactClient: artifacts, octokit: client(), spec, video, manifests: [], artifactName: 'film-video',
    releaseTag: undefined, createRelease: false, prComment: true, previewTag: 'helios-previews', ffmpeg: 'ffmpeg', wallSeconds: 1, stitchSeconds: 0.1, logger: silentLogger,
  });
}

test('the root action\'s PR comment names film.mp4, not the runner\'s path, and a run in another workspace updates it', async () => {
  const first = path.join(tmp, 'runner-a', 'work', REPO, REPO);
  // A comment an earlier version left, keyed on the absolute path: it is taken over, not duplicated.
  const octokit = client();
  await octokit.issues.createComment({ owner: OWNER, repo: REPO, issue_number: PR, body: `${commentMarker(path.join(first, 'film.mp4'))}\nold preview` });

  await publishFrom(first, 1);
  let comments = api.state.commentsOn(OWNER, REPO, PR);
  expect(comments).toHaveLength(1);
  const body = comments[0].body;
  expect(body.split('\n').slice(0, 2)).toEqual(['<!-- helios-render-action:film.mp4 -->', '### 🎬 Helios preview: `film.mp4`']);
  expect(body).toContain('From `compositions/film.html`: 6 frames');
  expect(body).not.toContain(tmp);

  await publishFrom(path.join(tmp, 'runner-b', '_work', REPO, REPO), 2);
  comments = api.state.commentsOn(OWNER, REPO, PR);
  expect(comments).toHaveLength(1);
  expect(comments[0].body).toContain('for 2bbbbbb.');
  expect(comments[0].body).not.toContain(tmp);
});
