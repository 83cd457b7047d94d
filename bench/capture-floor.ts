/**
 * What one DOM frame costs the browser before the page draws anything: capture-only on an
 * almost empty 1280x720 page (one small number changes each frame), through the renderer's
 * own capturers, beginFrame (headless shell) and Page.captureScreenshot (regular chromium).
 * What part of that the machine's page faults make is measured apart: research/page-faults.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REGULAR_CHROMIUM } from './cases.js';
import { measureCapture, type CaseRun } from './measure.js';
import { medianOf } from './run-case.js';

const WIDTH = 1280;
const HEIGHT = 720;

/** A composition that paints almost nothing: a flat background and the frame number. */
function emptyPage(frames: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; background: #202830; }
#n { position: absolute; left: 16px; top: 16px; font: 16px monospace; color: #fff; }
</style></head><body><div id="n">0</div><script>
window.helios = { fps: 30, frames: ${frames}, width: ${WIDTH}, height: ${HEIGHT} };
const n = document.getElementById('n');
const tick = (ts) => { n.textContent = String(Math.round(ts * 30 / 1000)); requestAnimationFrame(tick); };
requestAnimationFrame(tick);
</script></body></html>`;
}

export interface FloorCapture {
  method: string;
  browser: string;
  fps: number;
  msPerFrame: number;
  rounds: number[];
}

export interface FloorResult {
  width: number;
  height: number;
  frames: number;
  captures: FloorCapture[];
  /** Set when the DOM example's screenshot case ran: its capture ms/frame over the empty page's beginFrame ms/frame, the most a beginFrame/screenshot ratio on that page could reach here. */
  ceiling?: { screenshotCaseId: string; screenshotMsPerFrame: number; ratio: number };
}

export async function runCaptureFloor(options: { tmp: string; frames: number; rounds: number; env: NodeJS.ProcessEnv }): Promise<FloorResult> {
  const input = path.join(options.tmp, 'empty-page.html');
  await writeFile(input, emptyPage(options.frames));
  const browsers = [
    { label: 'default (headless shell)', browser: undefined },
    { label: 'regular chromium', browser: REGULAR_CHROMIUM },
  ];
  const runs = browsers.map(({ browser }): CaseRun => ({ input, browser, width: undefined, height: undefined, mode: 'dom', frames: options.frames, env: options.env }));
  const fps: number[][] = browsers.map(() => []);
  const methods: string[] = browsers.map(() => '');
  // Interleaved like the cases, so drift on the machine hits both alike.
  for (let r = 0; r < options.rounds; r++) {
    for (const [i, run] of runs.entries()) {
      const { figures } = await measureCapture(run, 1);
      fps[i]!.push(figures.fps);
      methods[i] = figures.method;
      process.stderr.write(`[floor] round ${r + 1}: ${figures.method} ${figures.fps.toFixed(1)} fps on an empty page\n`);
    }
  }
  const captures = browsers.map(({ label }, i) => {
    const median = medianOf(fps[i]!);
    return { method: methods[i]!, browser: label, fps: median, msPerFrame: 1000 / median, rounds: fps[i]! };
  });
  return { width: WIDTH, height: HEIGHT, frames: options.frames, captures };
}

/** Adds the ceiling once the cases' figures are known. */
export function addCeiling(floor: FloorResult, screenshotCase: { id: string; captureFps: number } | undefined): void {
  const beginFrame = floor.captures.find((c) => c.method === 'beginframe');
  if (!beginFrame || !screenshotCase) return;
  const screenshotMsPerFrame = 1000 / screenshotCase.captureFps;
  floor.ceiling = { screenshotCaseId: screenshotCase.id, screenshotMsPerFrame, ratio: screenshotMsPerFrame / beginFrame.msPerFrame };
}
