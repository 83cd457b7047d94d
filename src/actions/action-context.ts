import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { Octokit } from '@octokit/rest';
import type { Repo } from '../github/release-asset.js';
import { describeError, formatStacks } from '../shared/describe-error.js';
import { InvalidOptionError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { kebabCase } from '../shared/parse-values.js';
import { HELIOS_VERSION } from '../shared/version.js';

/** The engine's logger, writing to the Actions log. */
export const actionLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
};

/**
 * The action's first log line: which Helios, which step, and the Node the runner started it
 * with (the actions declare node24; a log then shows what actually ran).
 */
export function startupLine(step: string): string {
  return `Helios render-action ${HELIOS_VERSION} (${step}) on Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** What the runner tells a JavaScript action about the run, read once. */
export interface RunnerContext {
  eventName: string;
  /** The webhook payload (pull_request, release, …). */
  event: Record<string, unknown>;
  repo: Repo;
  runId: number;
  runAttempt: number;
  sha: string;
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  temp: string;
}

export async function readRunnerContext(env: NodeJS.ProcessEnv = process.env): Promise<RunnerContext> {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  // No readable event file (a local run of the action) means no event: publishing then skips PR and release steps.
  const event = env.GITHUB_EVENT_PATH ? JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8').catch(() => '{}')) : {};
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    repo: { owner, repo },
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
    sha: env.GITHUB_SHA ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    temp: env.RUNNER_TEMP ?? (await import('node:os')).tmpdir(),
  };
}

/** An Octokit for the run's API (GITHUB_API_URL), authenticated with the token input. */
export function createOctokit(token: string, ctx: RunnerContext): Octokit {
  if (!token) throw new InvalidOptionError('github-token is empty: pass github-token: ${{ github.token }} (the default) or a token with contents: write');
  return new Octokit({ auth: token, baseUrl: ctx.apiUrl, userAgent: 'helios-render-action' });
}

/**
 * Reads an input that holds a secret (a token, later cloud credentials) and registers it with
 * the runner (`::add-mask::`) before anything else sees it: GitHub masks `secrets.*` by
 * itself, not a token passed another way (an app token from an earlier step, a literal).
 */
export function getSecretInput(name: string): string {
  const value = core.getInput(name).trim();
  if (value) core.setSecret(value);
  return value;
}

/** Reads a boolean input: true/false (any case), or the default when empty. */
export function getBooleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new InvalidOptionError(`input ${name} must be true or false, got "${raw}"`);
}

/** Cancels work when the runner stops the step (SIGTERM/SIGINT). */
export function abortOnSignals(): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  return controller.signal;
}

/** How an action names an option in an error: `input frame-timeout` (the inputs are the options in kebab case). */
export const inputName = (option: string) => `input ${kebabCase(option)}`;

/**
 * The single place errors end an action: the failure names the error (options spelled as
 * inputs) and any cause it does not already quote; the stacks of the whole cause chain go to
 * the debug log (shown when the run is re-run with debug logging).
 */
export function fail(error: unknown): void {
  core.debug(formatStacks(error));
  core.setFailed(describeError(error, inputName));
}
