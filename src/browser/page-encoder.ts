import type { CanvasStepResult } from './canvas-step.js';

/**
 * An H.264 encoder that runs inside the page (WebCodecs): the canvas's pixels are encoded
 * where they are drawn, on the browser's encoder thread, while the page's main thread goes
 * on to the next frame. Only the compressed bitstream (Annex B) leaves the page, and
 * ffmpeg muxes it without re-encoding.
 *
 * Plain JavaScript in a string for the same reason as the page runtime: transpilers add
 * helpers to functions that do not exist in the page. Installed on demand by evaluate.
 */

/** What `VideoEncoder.configure` gets (the subset the renderer sets). */
export interface PageEncoderConfig {
  codec: string;
  width: number;
  height: number;
  /** Bits per second (variable bitrate). */
  bitrate: number;
  framerate: number;
}

/** Bitstream handed over by one call: base64 (`data`) of the chunks finished since the last call. */
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

export const PAGE_ENCODER_SOURCE = String.raw`(() => {
  if (window.__heliosEncoder) return;
  let encoder = null;
  let pending = [];
  let produced = 0;
  let failure = null;

  function take() {
    let binary = '';
    for (const part of pending) {
      for (let i = 0; i < part.length; i += 0x8000) binary += String.fromCharCode.apply(null, part.subarray(i, i + 0x8000));
    }
    pending = [];
    return { data: btoa(binary), produced, needsRendering: window.__helios.needsRendering() };
  }

  // Real time, for a call's time budget (the page runtime replaced performance.now on the instance).
  const realNow = Performance.prototype.now.bind(performance);

  /**
   * Seeks frames from \`from\` on and hands each to \`use\` (its index in this call), as
   * seekAndEncode does one by one; stops as seekAndEncodeRange says. Returns how many
   * frames it took, or the page's errors and the frame that threw.
   */
  async function seekRange(from, count, end, replay, budgetMs, use) {
    const started = realNow();
    let done = 0;
    while (done < count) {
      const frame = from + done;
      const pageErrors = await window.__helios.seek(frame, replay);
      if (typeof pageErrors === 'string') return { pageErrors, frame, frames: done };
      await use(done);
      done++;
      window.__helios.seekNext(frame + 1 < end ? frame + 1 : null, replay);
      if (window.__helios.needsRendering() || realNow() - started >= budgetMs) break;
    }
    return { frames: done };
  }

  function canvasFor(selector) {
    const c = window.__helios.findCanvas(selector);
    if (!c) throw new Error('HELIOS_NO_CANVAS');
    return c;
  }

  window.__heliosEncoder = {
    /** Returns null when encoding started, else why it cannot. */
    async start(config) {
      if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined') return 'this browser has no WebCodecs VideoEncoder';
      const full = Object.assign({ avc: { format: 'annexb' }, latencyMode: 'quality', bitrateMode: 'variable' }, config);
      let support;
      try {
        support = await VideoEncoder.isConfigSupported(full);
      } catch (e) {
        return String(e && e.message || e);
      }
      if (!support.supported) return 'the browser cannot encode ' + config.codec + ' at ' + config.width + 'x' + config.height;
      encoder = new VideoEncoder({
        output(chunk) {
          const bytes = new Uint8Array(chunk.byteLength);
          chunk.copyTo(bytes);
          pending.push(bytes);
          produced++;
        },
        error(e) { failure = String(e && e.message || e); },
      });
      encoder.configure(full);
      return null;
    },
    /** Takes the canvas as it is now and queues it. */
    encode(selector, timestamp, keyFrame) {
      return this.encodeImage(canvasFor(selector), timestamp, keyFrame);
    },
    /** Queues any image source (a canvas, a held VideoFrame); at most a few frames wait in the encoder. */
    async queueImage(source, timestamp, keyFrame) {
      if (failure) throw new Error('HELIOS_ENCODER ' + failure);
      const frame = new VideoFrame(source, { timestamp, alpha: 'discard' });
      try {
        while (encoder.encodeQueueSize > 2) await new Promise((r) => encoder.addEventListener('dequeue', r, { once: true }));
        encoder.encode(frame, { keyFrame });
      } finally {
        frame.close();
      }
    },
    /** queueImage, then hands over what the encoder finished. */
    async encodeImage(source, timestamp, keyFrame) {
      await this.queueImage(source, timestamp, keyFrame);
      return take();
    },
    /** The bitstream finished since the last hand-over. */
    take() {
      return take();
    },
    /** Seeks to \`frame\`, then encode(): one round trip per frame; then starts on \`next\` (seekNext). */
    async seekAndEncode(frame, replay, next, selector, timestamp, keyFrame) {
      const pageErrors = await window.__helios.seek(frame, replay);
      if (typeof pageErrors === 'string') return { pageErrors };
      const batch = await this.encode(selector, timestamp, keyFrame);
      window.__helios.seekNext(next, replay);
      return batch;
    },
    /**
     * seekAndEncode for frames from \`from\` on, in one call: up to \`count\` frames, or
     * fewer once \`budgetMs\` of real time has passed (the caller reports progress and
     * checks for Ctrl-C between calls) or after a frame that needs the page's rendering
     * steps (the caller runs them before the next frame, as it does after seekAndEncode).
     * \`index\` counts the frames encoded before this call (timestamps and keyframes);
     * \`end\` is where the range ends, for the seek ahead.
     */
    async seekAndEncodeRange(from, count, end, replay, selector, index, durationUs, gop, budgetMs) {
      const r = await seekRange(from, count, end, replay, budgetMs, (k) => {
        const i = index + k;
        return this.queueImage(canvasFor(selector), Math.round(i * durationUs), i % gop === 0);
      });
      return r.pageErrors !== undefined ? r : Object.assign(take(), r);
    },
    /** Takes the canvas and drops it (what capture alone costs, for the benchmark). */
    grab(selector) {
      new VideoFrame(canvasFor(selector), { timestamp: 0, alpha: 'discard' }).close();
    },
    /** seekAndEncodeRange with grab instead of encoding (the benchmark's capture-only pass). */
    async grabRange(from, count, end, replay, selector, budgetMs) {
      const r = await seekRange(from, count, end, replay, budgetMs, () => this.grab(selector));
      return Object.assign({ data: '', needsRendering: window.__helios.needsRendering() }, r);
    },
    async finish() {
      await encoder.flush();
      if (failure) throw new Error('HELIOS_ENCODER ' + failure);
      const out = take();
      encoder.close();
      encoder = null;
      return out;
    },
    close() {
      if (encoder && encoder.state !== 'closed') encoder.close();
      encoder = null;
    },
  };
})()`;
