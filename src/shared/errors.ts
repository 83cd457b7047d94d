/** What every HeliosError may carry besides its message. */
export interface HeliosErrorOptions {
  /** The lower-level error this one explains (kept for --verbose and the Action's debug log). */
  cause?: unknown;
  /**
   * What the user can do about it, when the message does not say it already. It is appended
   * to the message (so every printer shows it) and kept here for callers that lay it out.
   */
  nextStep?: string;
}

/**
 * Every error the engine throws on purpose is a HeliosError: its message says what went
 * wrong and what to do next, and entry points print it without a stack trace. Subclasses
 * carry the data the error is about (a path, a tool, ffmpeg's arguments) as readonly fields,
 * all optional so a plain `new XError(message)` stays valid.
 */
export class HeliosError extends Error {
  /** Exit status the CLI uses for this error. */
  readonly exitCode: number = 1;
  readonly nextStep: string | undefined;
  constructor(message: string, options: HeliosErrorOptions = {}) {
    super(options.nextStep ? `${message}: ${options.nextStep}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.nextStep = options.nextStep;
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
  constructor(template: string, option?: string | (HeliosErrorOptions & { option?: string })) {
    const options = typeof option === 'string' ? { option } : (option ?? {});
    super(spellOptions(template, (name) => name), options);
    this.template = options.nextStep ? `${template}: ${options.nextStep}` : template;
    this.option = options.option;
  }

  /** The message with every `{option}` spelled by `spell`. */
  messageFor(spell: (option: string) => string): string {
    return spellOptions(this.template, spell);
  }

  /** The same error naming option `to` where it named `from`: for a command whose flag for it has another name. */
  withOptionRenamed(from: string, to: string): InvalidOptionError {
    const renamed = new InvalidOptionError(this.template.split(`{${from}}`).join(`{${to}}`), { option: this.option === from ? to : this.option, cause: this.cause });
    renamed.stack = this.stack;
    return renamed;
  }
}

function spellOptions(template: string, spell: (option: string) => string): string {
  return template.replace(/\{([a-z][A-Za-z]*)\}/g, (_, option: string) => spell(option));
}

/** The composition (file, folder or URL) cannot be found or loaded. */
export class CompositionNotFoundError extends HeliosError {
  /** The input as given. */
  readonly input: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { input?: string } = {}) {
    super(message, options);
    this.input = options.input;
  }
}

/** The page failed to load (network error, HTTP error status). */
export class PageLoadError extends HeliosError {
  readonly url: string | undefined;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  constructor(message: string, options: HeliosErrorOptions & { url?: string; status?: number } = {}) {
    super(message, options);
    this.url = options.url;
    this.status = options.status;
  }
}

/** The page's own script threw; the message carries the page's error and stack. */
export class PageScriptError extends HeliosError {
  /** What the page reported (its error message and stack), without our framing. */
  readonly pageMessage: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { pageMessage?: string } = {}) {
    super(message, options);
    this.pageMessage = options.pageMessage;
  }
}

/** Something the renderer waited for in the page did not happen in time. */
export class PageTimeoutError extends HeliosError {
  /** How long it waited, in milliseconds. */
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: HeliosErrorOptions & { timeoutMs?: number } = {}) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** Canvas mode was asked for but no canvas matched. */
export class CanvasNotFoundError extends HeliosError {
  /** The CSS selector that matched nothing; undefined when any canvas would have done. */
  readonly selector: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { selector?: string } = {}) {
    super(message, options);
    this.selector = options.selector;
  }
}

/** The browser gave back no picture of a frame. */
export class CaptureError extends HeliosError {
  /** How the frame was captured (CaptureMethod). */
  readonly method: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { method?: string } = {}) {
    super(message, options);
    this.method = options.method;
  }
}

/** A browser or ffmpeg binary could not be found, installed or started. */
export class DependencyNotFoundError extends HeliosError {
  /** The tool, e.g. `ffmpeg`, `ffprobe`, `chrome-headless-shell`. */
  readonly tool: string | undefined;
  /** Where it was looked for (flags, variables, folders), in order. */
  readonly searched: readonly string[];
  constructor(message: string, options: HeliosErrorOptions & { tool?: string; searched?: readonly string[] } = {}) {
    super(message, options);
    this.tool = options.tool;
    this.searched = options.searched ?? [];
  }
}

/**
 * A chunk's browser is not the build its job was planned with: a different build can
 * rasterize text and gradients differently, which shows as a jump at the chunk's seams.
 */
export class BrowserBuildMismatchError extends HeliosError {
  /** The build the job spec names, as the browser reports it (`HeadlessChrome/148.0.7778.97`). */
  readonly expected: string;
  /** The build this worker launched. */
  readonly actual: string;
  constructor(expected: string, actual: string, options: HeliosErrorOptions = {}) {
    super(`this worker's browser is ${actual}, but the job was planned with ${expected}, and every chunk must be drawn by the same build`, {
      nextStep: 'render with the same browser build (the Actions render step fetches the pinned chrome-headless-shell when no browser is given), or plan again letting each chunk use its own browser (helios plan --no-pin-browser; the plan action\'s browser: runner)',
      ...options,
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** ffmpeg (or ffprobe, or the browser's encoder) failed while encoding, probing or stitching. */
export class EncodeError extends HeliosError {
  /** The arguments the tool ran with. */
  readonly args: readonly string[] | undefined;
  /** The tool's exit code, or the signal that ended it. */
  readonly toolExit: number | string | undefined;
  /** The end of what the tool printed on stderr. */
  readonly stderrTail: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { args?: readonly string[]; toolExit?: number | string; stderrTail?: string } = {}) {
    super(message, options);
    this.args = options.args;
    this.toolExit = options.toolExit;
    this.stderrTail = options.stderrTail;
  }
}

/** The output path cannot be written. */
export class OutputNotWritableError extends HeliosError {
  /** The file that cannot be written. */
  readonly path: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { path?: string } = {}) {
    super(message, options);
    this.path = options.path;
  }
}

/** Publishing to GitHub (artifact, release asset, pull-request comment) failed or lacks what it needs. */
export class PublishError extends HeliosError {}

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
export class JobSpecError extends HeliosError {
  /** The job.json (or manifest) file, when the spec was read from one. */
  readonly file: string | undefined;
  constructor(message: string, options: HeliosErrorOptions & { file?: string } = {}) {
    super(message, options);
    this.file = options.file;
  }
}

/** A frame did not finish in time: the page's script never returned, or a promise it awaited never settled. */
export class FrameTimeoutError extends HeliosError {
  constructor(
    message: string,
    /** The frame that did not finish. */
    readonly frame: number,
    /** Where the page's script was busy, when it was (function and file:line). */
    readonly busyIn: string | null,
    options: HeliosErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A split check found frames that a chunk starting there renders differently from a full render. */
export class NotSplitSafeError extends HeliosError {
  /** The frames a chunk may not start at. */
  readonly unsafeFrames: readonly number[];
  constructor(message: string, options: HeliosErrorOptions & { unsafeFrames?: readonly number[] } = {}) {
    super(message, options);
    this.unsafeFrames = options.unsafeFrames ?? [];
  }
}

/** Which cloud service an error came from, for messages and for the summary. */
export type CloudService = 'Lambda' | 'S3' | 'IAM' | 'Cloud Run' | 'Cloud Storage' | 'Google auth';

/** A cloud service failed or refused a call for a reason other than the two below. */
export class CloudServiceError extends HeliosError {
  constructor(
    message: string,
    readonly service: CloudService,
    /** True when the service said trying again may help (throttling, 5xx, a dropped connection). */
    readonly retryable: boolean,
    options: HeliosErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A bucket, object, function or service the render needs does not exist. */
export class CloudNotFoundError extends HeliosError {
  constructor(message: string, readonly service: CloudService, options: HeliosErrorOptions = {}) {
    super(message, options);
  }
}

/** The cloud refused the credentials (missing, wrong, expired) or they lack a permission. */
export class CloudCredentialsError extends HeliosError {
  constructor(message: string, readonly service: CloudService, options: HeliosErrorOptions = {}) {
    super(message, options);
  }
}

/** A composition archive (what goes to the bucket for remote workers) is too large, or one fetched from the bucket is malformed or unsafe. */
export class CompositionArchiveError extends HeliosError {}
