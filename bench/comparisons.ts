/**
 * Ratios between cases run side by side on the same page: beginFrame (headless shell) vs
 * captureScreenshot (regular chromium), canvas vs DOM, 1080p vs 720p. Cases run
 * interleaved (round i of every case back to back), so each ratio is the median of the
 * per-round ratios, which cancels most of the machine's drift between rounds.
 */
import type { CaseResult } from './report.js';
import { medianOf } from './run-case.js';

export interface Comparison {
  label: string;
  /** numerator / denominator case ids. */
  a: string;
  b: string;
  aMethod: string;
  bMethod: string;
  aCaptureFps: number;
  bCaptureFps: number;
  aE2eFps: number;
  bE2eFps: number;
  /** Median over rounds of a/b. */
  captureRatio: number;
  e2eRatio: number;
  rounds: number;
}

export const COMPARISONS: ReadonlyArray<{ label: string; a: string; b: string }> = [
  { label: 'DOM capture: beginFrame (headless shell) / captureScreenshot (regular chromium), dom-css 720p', a: 'dom-720p', b: 'dom-720p-chromium' },
  { label: 'canvas mode / dom mode on the canvas example, 720p', a: 'canvas-720p', b: 'canvas-720p-dom' },
  { label: 'canvas mode, jpeg encoder / dom mode on the canvas example, 720p', a: 'canvas-720p-jpeg', b: 'canvas-720p-dom' },
  { label: 'canvas mode: webcodecs / jpeg encoder, 720p', a: 'canvas-720p', b: 'canvas-720p-jpeg' },
  { label: 'canvas / DOM example, 720p', a: 'canvas-720p', b: 'dom-720p' },
  { label: 'canvas / DOM example, 1080p', a: 'canvas-1080p', b: 'dom-1080p' },
  { label: '1080p / 720p, DOM example', a: 'dom-1080p', b: 'dom-720p' },
  { label: '1080p / 720p, canvas example', a: 'canvas-1080p', b: 'canvas-720p' },
];

export function compareCases(cases: CaseResult[]): Comparison[] {
  const out: Comparison[] = [];
  for (const { label, a, b } of COMPARISONS) {
    const ra = cases.find((c) => c.id === a);
    const rb = cases.find((c) => c.id === b);
    if (!ra?.endToEnd || !rb?.endToEnd || !ra.capture || !rb.capture) continue;
    const n = Math.min(ra.rounds.length, rb.rounds.length);
    const per = (f: (r: CaseResult['rounds'][number]) => number) =>
      medianOf(Array.from({ length: n }, (_, i) => f(ra.rounds[i]!) / f(rb.rounds[i]!)));
    out.push({
      label,
      a,
      b,
      aMethod: `${ra.capture.mode}/${ra.capture.method}`,
      bMethod: `${rb.capture.mode}/${rb.capture.method}`,
      aCaptureFps: ra.capture.fps,
      bCaptureFps: rb.capture.fps,
      aE2eFps: ra.endToEnd.fpsTotal,
      bE2eFps: rb.endToEnd.fpsTotal,
      captureRatio: per((r) => r.capture.fps),
      e2eRatio: per((r) => r.endToEnd.fpsTotal),
      rounds: n,
    });
  }
  return out;
}
