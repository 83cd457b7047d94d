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
    async encodeImage(source, timestamp, keyFrame) {
      if (failure) throw new Error('HELIOS_ENCODER ' + failure);
      const frame = new VideoFrame(source, { timestamp, alpha: 'discard' });
      try {
        while (encoder.encodeQueueSize > 2) await new Promise((r) => encoder.addEventListener('dequeue', r, { once: true }));
        encoder.encode(frame, { keyFrame });
      } finally {
        frame.close();
      }
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
    /** Takes the canvas and drops it (what capture alone costs, for the benchmark). */
    grab(selector) {
      new VideoFrame(canvasFor(selector), { timestamp: 0, alpha: 'discard' }).close();
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
