import { loadComposition } from '../composition/load-composition.js';
import { formatFrameRate, fpsValue } from '../shared/fps.js';
import { resolveRenderOptions, type RenderOptions } from './render-options.js';

/** A composition's resolved metadata, as `helios probe` prints it. */
export interface ProbeResult {
  input: string;
  fps: string;
  fpsValue: number;
  width: number;
  height: number;
  frames: number | null;
  durationSeconds: number | null;
  mode: 'dom' | 'canvas';
  canvas: { width: number; height: number } | null;
  sources: Record<string, string>;
  browser: string;
}

/** Opens the composition and reports what a render would use. */
export async function probeComposition(options: RenderOptions): Promise<ProbeResult> {
  const o = resolveRenderOptions(options);
  const loaded = await loadComposition(o);
  try {
    const m = loaded.metadata;
    return {
      input: options.input,
      fps: formatFrameRate(m.fps),
      fpsValue: fpsValue(m.fps),
      width: m.width,
      height: m.height,
      frames: m.totalFrames,
      durationSeconds: m.totalFrames === null ? null : (m.totalFrames * m.fps.den) / m.fps.num,
      mode: loaded.mode,
      canvas: loaded.canvas,
      sources: m.sources,
      browser: loaded.browser.version,
    };
  } finally {
    await loaded.close();
  }
}
