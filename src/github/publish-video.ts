import path from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { Octokit } from '@octokit/rest';
import { makePreviews } from '../encode/make-previews.js';
import type { JobSpec } from '../plan/job-spec.js';
import { listSequenceFiles } from '../shared/atomic-output.js';
import { InvalidOptionError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { frameTimeMs, parseFrameRate } from '../shared/fps.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';
import { githubStep } from './github-step.js';
import { buildJobSummary } from './job-summary.js';
import { commentMarker, previewNames, upsertStickyComment } from './pr-comment.js';
import { publishReleaseAsset, type Repo } from './release-asset.js';
import { uploadReplacing } from './segment-artifacts.js';

/** Where the run came from: the parts of the runner context publishing needs. */
export interface RunInfo {
  repo: Repo;
  eventName: string;
  event: Record<string, unknown>;
  sha: string;
  serverUrl: string;
  runId: number;
  temp: string;
  /** GITHUB_WORKSPACE: paths are shown relative to it. */
  workspace: string;
}

export interface PublishVideoOptions {
  run: RunInfo;
  artifactClient: ArtifactClient;
  /** Needed for release assets and PR comments. */
  octokit: Octokit | undefined;
  spec: JobSpec;
  video: string;
  manifests: ChunkManifest[];
  artifactName: string;
  /** Upload to this release; on a release event the event's tag is used when empty. */
  releaseTag: string | undefined;
  createRelease: boolean;
  prComment: boolean;
  /** Tag of the prerelease that hosts PR preview images. */
  previewTag: string;
  ffmpeg: string;
  wallSeconds: number;
  stitchSeconds: number;
  logger: Logger;
}

export interface PublishVideoResult {
  artifact: string;
  releaseAssetUrl: string | null;
  commentUrl: string | null;
  summary: string;
}

const CONTENT_TYPES: Record<string, string> = { mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', gif: 'image/gif' };

const TOKEN_STEP = 'set the github-token input (e.g. ${{ github.token }}) and give the job `permissions: contents: write` (and `pull-requests: write` for comments)';

/**
 * Publishes a stitched video: as a workflow artifact, as a release asset (when a tag is
 * given or the run is a release), and on a pull request as one sticky comment with a
 * poster and an animated preview hosted as release assets of a prerelease (comment images
 * must open without a GitHub login, which artifacts do not).
 */
export async function publishVideo(o: PublishVideoOptions): Promise<PublishVideoResult> {
  const { run, spec, logger } = o;
  // PNG frames are a folder of files: the artifact holds them all, from the folder's root.
  const frames = spec.render.format === 'png';
  const files = frames ? await listSequenceFiles(path.join(o.video, path.basename(spec.output.path))) : [o.video];
  await uploadReplacing(o.artifactClient, o.artifactName, files, frames ? o.video : path.dirname(o.video), logger);
  const runUrl = `${run.serverUrl}/${run.repo.owner}/${run.repo.repo}/actions/runs/${run.runId}`;
  const links = [{ label: `artifact ${o.artifactName}`, url: `${runUrl}#artifacts` }];
  const release = run.event.release as { tag_name?: string } | undefined;
  const tag = o.releaseTag || (run.eventName === 'release' ? release?.tag_name : undefined);
  let releaseAssetUrl: string | null = null;
  if (tag && frames) {
    logger.warn(`PNG frames are ${files.length} files: they are published as the artifact ${o.artifactName}, not as assets of release ${tag}`);
  } else if (tag) {
    if (!o.octokit) throw new InvalidOptionError(`a github-token is needed to upload to release ${tag}`, { option: 'github-token', nextStep: TOKEN_STEP });
    const octokit = o.octokit;
    releaseAssetUrl = await githubStep(`upload ${path.basename(o.video)} to release ${tag}`, () =>
      publishReleaseAsset(octokit, { ...run.repo, tag, createRelease: o.createRelease, file: o.video, contentType: CONTENT_TYPES[spec.render.format] }, logger),
    );
    links.push({ label: `release asset on ${tag}`, url: releaseAssetUrl });
    logger.info(`uploaded ${path.basename(o.video)} to release ${tag}`);
  }
  const pr = run.event.pull_request as { number?: number } | undefined;
  let commentUrl: string | null = null;
  if (o.prComment && pr?.number) {
    if (!o.octokit) throw new InvalidOptionError(`a github-token is needed to comment on pull request #${pr.number}`, { option: 'github-token', nextStep: TOKEN_STEP });
    commentUrl = await githubStep(`comment on pull request #${pr.number}`, () => commentPreview(o, pr.number!, runUrl, releaseAssetUrl));
    links.push({ label: 'preview comment', url: commentUrl });
  }
  const summary = buildJobSummary({ spec, manifests: o.manifests, wallSeconds: o.wallSeconds, stitchSeconds: o.stitchSeconds, links });
  return { artifact: o.artifactName, releaseAssetUrl, commentUrl, summary };
}

async function commentPreview(o: PublishVideoOptions, prNumber: number, runUrl: string, releaseAssetUrl: string | null): Promise<string> {
  const { run, spec } = o;
  const durationSeconds = frameTimeMs(spec.render.totalFrames, parseFrameRate(spec.render.fps)) / 1000;
  const files = { poster: path.join(run.temp, `pr-${prNumber}-poster.png`), animation: path.join(run.temp, `pr-${prNumber}-preview.gif`) };
  // PNG frames are read as the image sequence they are, at the video's frame rate.
  const frames = spec.render.format === 'png';
  const source = frames ? path.join(o.video, path.basename(spec.output.path)) : o.video;
  await makePreviews(o.ffmpeg, source, durationSeconds, files, undefined, frames ? ['-framerate', spec.render.fps] : []);
  const host = { ...run.repo, tag: o.previewTag, createRelease: true, prerelease: true };
  const posterUrl = await publishReleaseAsset(o.octokit!, { ...host, file: files.poster, contentType: 'image/png' }, o.logger);
  const gifUrl = await publishReleaseAsset(o.octokit!, { ...host, file: files.animation, contentType: 'image/gif' }, o.logger);
  const bust = `?v=${run.sha.slice(0, 12)}`;
  const names = previewNames({ output: source, composition: spec.composition.input, workspace: run.workspace, frames });
  const body = [
    `### 🎬 Helios preview: \`${names.video}\``,
    '',
    `<img src="${gifUrl}${bust}" alt="animated preview" width="480"> <img src="${posterUrl}${bust}" alt="poster frame" width="480">`,
    '',
    `From \`${names.composition}\`: ${spec.render.totalFrames} frames, ${spec.render.width}×${spec.render.height} at ${spec.render.fps} fps, rendered in ${spec.chunks.length} chunks for ${run.sha.slice(0, 7)}.`,
    '',
    `[Download the video (workflow artifact)](${runUrl}#artifacts)${releaseAssetUrl ? ` · [release asset](${releaseAssetUrl})` : ''}`,
  ].join('\n');
  return upsertStickyComment(o.octokit!, {
    ...run.repo,
    issueNumber: prNumber,
    marker: commentMarker(names.key),
    // Earlier versions keyed the marker on the output path as the job spec holds it (absolute in the root action).
    formerMarkers: [commentMarker(spec.output.path)],
    body,
  });
}
