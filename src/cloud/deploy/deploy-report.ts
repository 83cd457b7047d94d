/** What a deploy or remove step did to one resource. */
export type DeployAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'not found';

export interface ResourceOutcome {
  /** `bucket`, `role`, `role policy`, `function`, `service`. */
  kind: string;
  /** The ARN, URL or name the user would look it up by. */
  id: string;
  action: DeployAction;
  /** What changed, or why nothing did (`memory 3008 -> 4096`). */
  detail?: string;
}

/** One printed line per resource: `created   function    arn:aws:lambda:…`. */
export function formatOutcome(outcome: ResourceOutcome): string {
  const line = `${outcome.action.padEnd(9)} ${outcome.kind.padEnd(11)} ${outcome.id}`;
  const detail = outcome.action === 'not found' ? ['nothing to remove', outcome.detail].filter(Boolean).join(': ') : outcome.detail;
  return detail ? `${line} (${detail})` : line;
}

/** Where deploy steps report each outcome as it happens (the CLI prints them). */
export type OutcomeSink = (outcome: ResourceOutcome) => void;

/** Timing of the polling and retry loops: production waits seconds, tests milliseconds. */
export interface DeployTiming {
  /** First delay between two polls of a resource that is still changing. */
  pollMs: number;
  /** Give up waiting for a resource to settle after this long. */
  settleTimeoutMs: number;
  /** First delay before retrying a call the cloud refused only for now (a role not yet assumable). */
  retryBaseMs: number;
  /** How many times such a call is tried in all. */
  retryAttempts: number;
}

export const DEFAULT_DEPLOY_TIMING: DeployTiming = {
  pollMs: 1000,
  settleTimeoutMs: 10 * 60_000,
  // IAM roles become assumable by Lambda within about 10 s of CreateRole: 1+2+4+8+8+8 s covers it.
  retryBaseMs: 1000,
  retryAttempts: 7,
};

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Calls `read` until `settled` says the resource is ready (true) or failed (a string: the
 * reason), waiting `pollMs`, then up to 4x that, between calls.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  settled: (value: T) => boolean | string,
  options: { timing: DeployTiming; what: string; signal?: AbortSignal; onFailed: (reason: string) => Error },
): Promise<T> {
  const deadline = Date.now() + options.timing.settleTimeoutMs;
  let delay = options.timing.pollMs;
  for (;;) {
    const value = await read();
    const state = settled(value);
    if (state === true) return value;
    if (typeof state === 'string') throw options.onFailed(state);
    if (Date.now() + delay > deadline) throw options.onFailed(`${options.what} did not settle within ${Math.round(options.timing.settleTimeoutMs / 1000)} s`);
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, options.timing.pollMs * 4);
  }
}
