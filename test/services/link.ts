/**
 * Links the two services: the GitHub API's `GET /repos/{o}/{r}/actions/runs/{run_id}/artifacts`
 * lists the finalized artifacts the results service holds for that run, as on github.com.
 *   const gh = await startGitHubApi({ runArtifacts: runArtifactsFrom(results, { 42: 'run-backend-id' }) });
 */
import type { RunArtifactRecord } from './github-state.js';
import type { ResultsService } from './results-service.js';

export function runArtifactsFrom(results: ResultsService, runs: Record<number, string>) {
  return (q: { owner: string; repo: string; runId: number }): RunArtifactRecord[] =>
    results
      .artifacts()
      .filter((a) => a.finalized && a.runBackendId === runs[q.runId])
      .map((a) => ({ owner: q.owner, repo: q.repo, runId: q.runId, id: a.id, name: a.name, size: a.size, digest: a.digest, createdAt: a.createdAt }));
}
