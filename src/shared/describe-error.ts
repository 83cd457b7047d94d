import { InvalidOptionError } from './errors.js';

/** The message of an Error, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error and the errors it wraps through `cause`, outermost first (at most 10, no repeats). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && !chain.includes(e) && chain.length < 10; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
  }
  return chain;
}

/**
 * The message, followed by the message of each cause it does not already quote: a typed
 * error usually says what its cause said, a plain wrapper often does not. Options named in an
 * InvalidOptionError are spelled by `spellOption` (the entry point's flag or input name).
 */
export function describeError(error: unknown, spellOption?: (option: string) => string): string {
  let text = spellOption && error instanceof InvalidOptionError ? error.messageFor(spellOption) : errorMessage(error);
  for (const cause of causeChain(error).slice(1)) {
    const message = errorMessage(cause);
    if (message && !text.includes(message)) text += `\ncaused by: ${message}`;
  }
  return text;
}

/** Every stack in the cause chain, for --verbose and debug logs. */
export function formatStacks(error: unknown): string {
  return causeChain(error)
    .map((e, i) => `${i ? 'caused by: ' : ''}${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    .join('\n');
}
