import path from 'node:path';
import type { Octokit } from '@octokit/rest';
import type { Repo } from './release-asset.js';

/** Hidden marker that finds the preview comment again on later runs. */
export function commentMarker(id: string): string {
  return `<!-- helios-render-action:${id} -->`;
}

/** How the preview comment names the video and the composition, and the key of its marker. */
export interface PreviewNames {
  /** The video's file name (`film.mp4`); for PNG frames, their folder and pattern (`frames/%05d.png`). */
  video: string;
  /** The composition as the user wrote it, relative to the workspace when it is inside it; URLs as given. */
  composition: string;
  /** The output relative to the workspace (`out/film.mp4`): the same on every run and runner. */
  key: string;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** `file` relative to `workspace` when inside it (posix separators), else undefined. */
function insideWorkspace(file: string, workspace: string): string | undefined {
  const relative = path.relative(path.resolve(workspace), path.resolve(workspace, file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? toPosix(relative) : undefined;
}

/**
 * Names a reviewer reads: the runner's absolute paths (`/home/runner/work/repo/repo/film.mp4`)
 * say nothing and change with the runner, so the video is named by its file name and the marker
 * is keyed on the output relative to the workspace (its file name when written outside it).
 * @param output the video file, or for PNG frames the pattern (`…/frames/%05d.png`)
 */
export function previewNames(o: { output: string; composition: string; workspace: string; frames: boolean }): PreviewNames {
  const base = path.basename(o.output);
  const shown = o.frames ? `${path.basename(path.dirname(path.resolve(o.workspace, o.output)))}/${base}` : base;
  const composition = /^https?:/i.test(o.composition) ? o.composition : (insideWorkspace(o.composition, o.workspace) ?? o.composition);
  return { video: shown, composition, key: insideWorkspace(o.output, o.workspace) ?? shown };
}

/**
 * Creates the sticky comment, or updates the one carrying the marker (or one of the `formerMarkers`
 * earlier versions wrote, so their comments are updated rather than duplicated). Returns its URL.
 */
export async function upsertStickyComment(octokit: Octokit, o: Repo & { issueNumber: number; marker: string; formerMarkers?: string[]; body: string }): Promise<string> {
  const body = `${o.marker}\n${o.body}`;
  const comments = await octokit.paginate(octokit.issues.listComments, { owner: o.owner, repo: o.repo, issue_number: o.issueNumber, per_page: 100 });
  const markers = [o.marker, ...(o.formerMarkers ?? [])];
  const existing = markers.map((m) => comments.find((c) => c.body?.includes(m))).find((c) => c !== undefined);
  if (existing) {
    return (await octokit.issues.updateComment({ owner: o.owner, repo: o.repo, comment_id: existing.id, body })).data.html_url;
  }
  return (await octokit.issues.createComment({ owner: o.owner, repo: o.repo, issue_number: o.issueNumber, body })).data.html_url;
}
