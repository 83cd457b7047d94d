/**
 * The call surface of the in-page runtime (`window.__helios`), shared by the page side
 * (index.ts implements it) and Node (call-page.ts calls it by name, typed). Types only:
 * nothing here runs.
 */
import type { SeekMode } from './tick-plan.js';
import type { FrameTimes } from './media-timing.js';

export type { SeekMode } from './tick-plan.js';
export type { FrameTimes } from './media-timing.js';

/** Settings the runtime receives when it is installed, before any page script runs. */
export interface PageRuntimeConfig {
  /** Frame rate numerator and denominator. */
  fpsNum: number;
  fpsDen: number;
  /** What `Date.now()` returns at t = 0, in ms since 1970 (fixed so chunks agree). */
  epochMs: number;
  /** Seed of `Math.random`. */
  seed: number;
  /**
   * After rewinding a <video> at load, wait until its picture reached the compositor
   * (requestVideoFrameCallback). Needed where screenshots are taken of whatever the
   * compositor shows (no beginFrame); with beginFrame the frame itself pulls the picture.
   */
  awaitVideoFrames: boolean;
  /** Data the page reads as `window.helios.props` (a JSON value; null when none was given). */
  props: unknown;
}

/** Values a page may give about itself, as it wrote them (null when it did not give one). */
export interface MetaValues {
  fps: number | string | null;
  duration: number | string | null;
  frames: number | string | null;
  width: number | string | null;
  height: number | string | null;
}

/** What the page declares in `window.helios` (values as the page wrote them). */
export interface DeclaredMeta extends MetaValues {
  declared: boolean;
  /** What `window.helios.metadata(props)` resolved to, when the page has that function; its values override the static ones. */
  derived: MetaValues | null;
  /** Why `window.helios.metadata(props)` failed (threw, rejected, or gave no object), with the page's message; else null. */
  metadataError: string | null;
}

/** The page's errors since the last call, as one text, or null. */
export type PageErrors = string | null;

/** What an in-page canvas call (read or encode) returns for one frame. */
export interface CanvasStepResult {
  /** Base64 bytes for the encoder: a JPEG, or H.264 finished so far. */
  data: string;
  /** A rendering step must follow this frame (animations, video; see needsRendering). */
  needsRendering: boolean;
  /** Set instead of the rest when the page's own script threw while seeking. */
  pageErrors?: string;
}

/** Bitstream handed over by one encoder call. */
export interface EncodedBatch extends CanvasStepResult {
  /** Chunks the encoder has produced since it started (one per frame). */
  produced: number;
}

/** What seekAndEncodeRange hands over: the bitstream so far and how many frames the call took. */
export interface EncodedRange extends EncodedBatch {
  /** Frames sought and queued by this call (0 when the page threw at the first). */
  frames: number;
  /** With pageErrors: the frame whose seek threw. */
  frame?: number;
}

/** What `VideoEncoder.configure` gets (the subset the renderer sets). */
export interface PageEncoderConfig {
  codec: string;
  width: number;
  height: number;
  /** Bits per second (variable bitrate). */
  bitrate: number;
  framerate: number;
}

/** Where advance() got to. */
export interface AdvanceResult {
  /** The last frame the page was ticked to (-1 when none yet). */
  frame: number;
  /** True when the next step is the target frame itself. */
  done: boolean;
  /** Ticks run by this call. */
  ticks: number;
  pageErrors: PageErrors;
}

/** A media element the page played, with its start on the composition's timeline (seconds). */
export interface PageMediaEntry {
  src: string;
  tag: 'audio' | 'video';
  start: number;
  muted: boolean;
  volume: number;
  loop: boolean;
}

export interface CanvasInfo {
  width: number;
  height: number;
  count: number;
}

export interface HeliosPageApi {
  /** The frame the page shows (-1 before the first). */
  frame(): number;
  /** How many frames seek found already sought ahead (tests and diagnostics). */
  seeksAhead(): number;
  /** What waitReady is waiting for now. */
  waitingFor(): string;
  /** Sets the frame rate once the page's own metadata has been read. */
  configure(fpsNum: number, fpsDen: number): void;
  /** Reads `window.helios`, calling `window.helios.metadata(props)` when it is a function (its timers run in real time meanwhile). */
  meta(): Promise<DeclaredMeta>;
  /** Waits for fonts, images, media and window.helios.ready (the page's timers run in real time meanwhile). */
  waitReady(): Promise<PageErrors>;
  /** Frame-aligned ticks towards `target` without painting (see tick-plan.ts), for at most `budgetMs` of real time. */
  advance(target: number, mode: SeekMode, budgetMs: number): Promise<AdvanceResult>;
  /** Brings the page to `frame`: ticks on the way as `mode` says, then the frame itself with media and the seek hook. */
  seek(frame: number, mode: SeekMode): Promise<PageErrors>;
  /** seek(), then arranges for `next` to be sought after the next rendering frame (beginFrame capture). */
  seekPipelined(frame: number, mode: SeekMode, next: number | null): Promise<PageErrors>;
  /** Starts seeking `next` now, in a task of its own (canvas capture), unless a frame needs rendering steps. */
  seekNext(next: number | null, mode: SeekMode): void;
  detectMode(): 'dom' | 'canvas';
  canvasInfo(selector: string | null): CanvasInfo | null;
  readCanvas(selector: string | null, type: string, quality: number): CanvasStepResult;
  seekAndReadCanvas(frame: number, mode: SeekMode, next: number | null, selector: string | null, type: string, quality: number): Promise<CanvasStepResult>;
  needsRendering(): boolean;
  /** Canvas mode: copy WebGL canvases without preserveDrawingBuffer in the task that drew each frame, and capture the copy. */
  snapshotCanvases(on: boolean): void;
  mediaTimeline(): PageMediaEntry[];
  /** URLs of the <video> elements in the page, for their frame times. */
  videoSources(): string[];
  /** Frame times of a video source (see media-timing.ts), so seeks land inside the wanted frame. */
  setFrameTimes(src: string, times: FrameTimes): void;
  /** Starts the WebCodecs H.264 encoder; null when it runs, else why it cannot. */
  encoderStart(config: PageEncoderConfig): Promise<string | null>;
  encodeCanvas(selector: string | null, timestamp: number, keyFrame: boolean): Promise<EncodedBatch>;
  seekAndEncode(frame: number, mode: SeekMode, next: number | null, selector: string | null, timestamp: number, keyFrame: boolean): Promise<EncodedBatch | { pageErrors: string }>;
  seekAndEncodeRange(
    from: number, count: number, end: number, mode: SeekMode, selector: string | null, index: number, durationUs: number, gop: number, budgetMs: number,
  ): Promise<EncodedRange>;
  /** seekAndEncodeRange taking the canvas without encoding (the benchmark's capture-only pass). */
  grabRange(from: number, count: number, end: number, mode: SeekMode, selector: string | null, budgetMs: number): Promise<EncodedRange>;
  encoderFinish(): Promise<EncodedBatch>;
  encoderClose(): void;
  /** The benchmark's encode-only pass: seeks each of `positions` and keeps the canvas as a VideoFrame in the page. */
  holdFrames(selector: string | null, positions: number[]): Promise<PageErrors>;
  /**
   * The benchmark's encode-only pass: `frames` frames cycling the held ones through the started
   * encoder (the renderer's queueImage), the bitstream handed over every 30 frames as a render's
   * ranges do, then finished; the held frames are released.
   */
  encodeHeld(frames: number, gop: number, durationUs: number): Promise<{ produced: number; batches: string[] }>;
}
