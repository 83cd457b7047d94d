import type { EncodedBatch, EncodedRange, PageEncoderConfig } from './api.js';
import { realNow } from './clock.js';

/**
 * An H.264 encoder inside the page (WebCodecs): the canvas's pixels are encoded where they
 * are drawn, on the browser's encoder thread, while the page's main thread goes on to the
 * next frame. Only the compressed bitstream (Annex B) leaves the page; ffmpeg muxes it
 * without re-encoding.
 */
let encoder: VideoEncoder | null = null;
let pending: Uint8Array[] = [];
let produced = 0;
let failure: string | null = null;

/** The bitstream finished since the last hand-over, base64. */
export function takeEncoded(needsRendering: boolean): EncodedBatch {
  let binary = '';
  for (const part of pending) {
    for (let i = 0; i < part.length; i += 0x8000) binary += String.fromCharCode(...part.subarray(i, i + 0x8000));
  }
  pending = [];
  return { data: btoa(binary), produced, needsRendering };
}

export async function startEncoder(config: PageEncoderConfig): Promise<string | null> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return 'this browser has no WebCodecs VideoEncoder';
  const full: VideoEncoderConfig = { avc: { format: 'annexb' }, latencyMode: 'quality', bitrateMode: 'variable', ...config };
  let support;
  try {
    support = await VideoEncoder.isConfigSupported(full);
  } catch (e) {
    return String((e as Error)?.message ?? e);
  }
  if (!support.supported) return `the browser cannot encode ${config.codec} at ${config.width}x${config.height}`;
  produced = 0;
  pending = [];
  failure = null;
  encoder = new VideoEncoder({
    output(chunk) {
      const bytes = new Uint8Array(chunk.byteLength);
      chunk.copyTo(bytes);
      pending.push(bytes);
      produced++;
    },
    error(e) {
      failure = String(e?.message ?? e);
    },
  });
  encoder.configure(full);
  return null;
}

/** Queues any image source (a canvas, a held VideoFrame); at most a few frames wait in the encoder. */
export async function queueImage(source: CanvasImageSource | VideoFrame, timestamp: number, keyFrame: boolean): Promise<void> {
  if (failure) throw new Error(`HELIOS_ENCODER ${failure}`);
  if (!encoder) throw new Error('HELIOS_ENCODER the encoder was not started');
  const frame = new VideoFrame(source as CanvasImageSource, { timestamp, alpha: 'discard' });
  try {
    while (encoder.encodeQueueSize > 2) await new Promise((r) => encoder!.addEventListener('dequeue', r, { once: true }));
    encoder.encode(frame, { keyFrame });
  } finally {
    frame.close();
  }
}

export async function finishEncoder(needsRendering: boolean): Promise<EncodedBatch> {
  if (!encoder) throw new Error('HELIOS_ENCODER the encoder was not started');
  await encoder.flush();
  if (failure) throw new Error(`HELIOS_ENCODER ${failure}`);
  const out = takeEncoded(needsRendering);
  encoder.close();
  encoder = null;
  return out;
}

export function closeEncoder(): void {
  if (encoder && encoder.state !== 'closed') encoder.close();
  encoder = null;
}

/** What the range loop needs from the runtime. */
export interface RangeSteps {
  seek(frame: number): Promise<string | null>;
  seekNext(next: number | null): void;
  needsRendering(): boolean;
}

/**
 * Seeks frames from `from` on and hands each to `use` (its index in this call): up to
 * `count` frames, fewer once `budgetMs` of real time has passed (the caller reports
 * progress and checks for Ctrl-C between calls) or after a frame that needs the page's
 * rendering steps (the caller runs them before the next frame).
 */
export async function seekRange(
  steps: RangeSteps, from: number, count: number, end: number, budgetMs: number, use: (k: number) => unknown,
): Promise<Pick<EncodedRange, 'frames' | 'frame' | 'pageErrors'>> {
  const started = realNow();
  let done = 0;
  while (done < count) {
    const frame = from + done;
    const pageErrors = await steps.seek(frame);
    if (typeof pageErrors === 'string') return { pageErrors, frame, frames: done };
    await use(done);
    done++;
    steps.seekNext(frame + 1 < end ? frame + 1 : null);
    if (steps.needsRendering() || realNow() - started >= budgetMs) break;
  }
  return { frames: done };
}

/** Frames a render's range call hands over at a time, about (the benchmark's encode-only pass copies it). */
const HAND_OVER_FRAMES = 30;

/** encodeHeld of HeliosPageApi: the encoder's work alone, on frames taken beforehand. */
export async function encodeHeld(held: VideoFrame[], frames: number, gop: number, durationUs: number): Promise<{ produced: number; batches: string[] }> {
  const batches: string[] = [];
  try {
    for (let i = 0; i < frames; i++) {
      await queueImage(held[i % held.length]!, Math.round(i * durationUs), i % gop === 0);
      if (i % HAND_OVER_FRAMES === HAND_OVER_FRAMES - 1) batches.push(takeEncoded(false).data);
    }
    const last = await finishEncoder(false);
    batches.push(last.data);
    return { produced: last.produced, batches };
  } finally {
    for (const f of held.splice(0)) f.close();
  }
}
