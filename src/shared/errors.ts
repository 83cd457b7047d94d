/**
 * Every error the engine throws on purpose is a HeliosError: its message says what went
 * wrong and what to do next, and entry points print it without a stack trace.
 */
export class HeliosError extends Error {
  /** Exit status the CLI uses for this error. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A flag, input or option has a bad value. The message names options as `{width}` (the
 * engine's option names): `message` prints them as they are, and each entry point prints
 * `messageFor(its spelling)`, e.g. `--width` for the CLI, `input width` for an action.
 */
export class InvalidOptionError extends HeliosError {
  /** The option at fault (the engine's name, e.g. 'width'), when one is. */
  readonly option: string | undefined;
  private readonly template: string;
  constructor(template: string, option?: string) {
    super(spellOptions(template, (name) => name));
    this.template = template;
    this.option = option;
  }

  /** The message with every `{option}` spelled by `spell`. */
  messageFor(spell: (option: string) => string): string {
    return spellOptions(this.template, spell);
  }
}

function spellOptions(template: string, spell: (option: string) => string): string {
  return template.replace(/\{([a-z][A-Za-z]*)\}/g, (_, option: string) => spell(option));
}

/** The composition (file, folder or URL) cannot be found or loaded. */
export class CompositionNotFoundError extends HeliosError {}

/** The page failed to load (network error, HTTP error status). */
export class PageLoadError extends HeliosError {}

/** The page's own script threw; the message carries the page's error and stack. */
export class PageScriptError extends HeliosError {}

/** Something the renderer waited for in the page did not happen in time. */
export class PageTimeoutError extends HeliosError {}

/** Canvas mode was asked for but no canvas matched. */
export class CanvasNotFoundError extends HeliosError {}

/** A browser or ffmpeg binary could not be found or started. */
export class DependencyNotFoundError extends HeliosError {}

/** ffmpeg exited with an error while encoding or stitching. */
export class EncodeError extends HeliosError {}

/** The output path cannot be written. */
export class OutputNotWritableError extends HeliosError {}

/** The render was cancelled (Ctrl-C, SIGTERM or an AbortSignal). */
export class RenderAbortedError extends HeliosError {
  override readonly exitCode = 130;
  constructor(message = 'render cancelled') {
    super(message);
  }
}

/** Throws RenderAbortedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RenderAbortedError();
}

/** A job spec (the plan a render or stitch step works from) is malformed, of another version, or inconsistent. */
export class JobSpecError extends HeliosError {}

/** A frame did not finish in time: the page's script never returned, or a promise it awaited never settled. */
export class FrameTimeoutError extends HeliosError {
  constructor(
    message: string,
    /** The frame that did not finish. */
    readonly frame: number,
    /** Where the page's script was busy, when it was (function and file:line). */
    readonly busyIn: string | null,
  ) {
    super(message);
  }
}

/** A split check found frames that a chunk starting there renders differently from a full render. */
export class NotSplitSafeError extends HeliosError {}
