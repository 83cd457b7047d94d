import type { Octokit } from '@octokit/rest';
import type { Repo } from './release-asset.js';

/** Hidden marker that finds the preview comment again on later runs. */
export function commentMarker(id: string): string {
  return `<!-- helios-render-action:${id} -->`;
}

/** Creates the sticky comment, or updates the one carrying the marker. Returns its URL. */
export async function upsertStickyComment(octokit: Octokit, o: Repo & { issueNumber: number; marker: string; body: string }): Promise<string> {
  const body = `${o.marker}\n${o.body}`;
  const comments = await octokit.paginate(octokit.issues.listComments, { owner: o.owner, repo: o.repo, issue_number: o.issueNumber, per_page: 100 });
  const existing = comments.find((c) => c.body?.includes(o.marker));
  if (existing) {
    return (await octokit.issues.updateComment({ owner: o.owner, repo: o.repo, comment_id: existing.id, body })).data.html_url;
  }
  return (await octokit.issues.createComment({ owner: o.owner, repo: o.repo, issue_number: o.issueNumber, body })).data.html_url;
}
