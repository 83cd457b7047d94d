/**
 * What one DOM frame costs the browser before the page draws anything: capture-only on an
 * almost empty 1280x720 page (one small number changes each frame), through the renderer's
 * own capturers, beginFrame (headless shell) and Page.captureScreenshot (regular chromium).
 * Beside it, what the machine charges for fresh memory: writing a new mapping of one 720p
 * RGBA frame against rewriting one already mapped. Chromium's screenshot paths take a fresh
 * shared-memory region for every frame (and release a few MB of allocations), so where the
 * kernel's page faults are expensive (some virtual machines) that cost sets a floor under
 * every DOM frame, whatever the page.
 */
import { execFileSync } from 'node:child_process';
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

/** Times writing a fresh anonymous mapping of `bytes` (then unmapping it) and rewriting one kept mapping; python3's mmap, so no allocator reuses memory in between. */
const FAULT_PROBE_PY = `
import mmap, sys, time
n, rounds = int(sys.argv[1]), int(sys.argv[2])
data = b'\\x01' * n
t = time.perf_counter()
for _ in range(rounds):
    m = mmap.mmap(-1, n); m.write(data); m.close()
fresh = (time.perf_counter() - t) / rounds
m = mmap.mmap(-1, n); m.write(data)
t = time.perf_counter()
for _ in range(rounds):
    m.seek(0); m.write(data)
print(fresh * 1000, (time.perf_counter() - t) / rounds * 1000)
`;

export interface FaultProbe {
  bytes: number;
  /** ms to map, write and unmap a fresh region of `bytes`. */
  freshMs: number;
  /** ms to write the same bytes into a region already mapped. */
  rewriteMs: number;
  /** (fresh - rewrite) per 4 KiB page, µs: what one page fault costs here. */
  faultUs: number;
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
  faults: FaultProbe | null;
  /** Set when the DOM example's screenshot case ran: its capture ms/frame over the empty page's beginFrame ms/frame, the most a beginFrame/screenshot ratio on that page could reach here. */
  ceiling?: { screenshotCaseId: string; screenshotMsPerFrame: number; ratio: number };
}

function probeFaults(bytes: number): FaultProbe | null {
  try {
    const out = execFileSync('python3', ['-c', FAULT_PROBE_PY, String(bytes), '40'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    const [freshMs, rewriteMs] = out as [number, number];
    return { bytes, freshMs, rewriteMs, faultUs: ((freshMs - rewriteMs) * 1000) / Math.ceil(bytes / 4096) };
  } catch {
    return null;
  }
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
  return { width: WIDTH, height: HEIGHT, frames: options.frames, captures, faults: probeFaults(WIDTH * HEIGHT * 4) };
}

/** Adds the ceiling once the cases' figures are known. */
export function addCeiling(floor: FloorResult, screenshotCase: { id: string; captureFps: number } | undefined): void {
  const beginFrame = floor.captures.find((c) => c.method === 'beginframe');
  if (!beginFrame || !screenshotCase) return;
  const screenshotMsPerFrame = 1000 / screenshotCase.captureFps;
  floor.ceiling = { screenshotCaseId: screenshotCase.id, screenshotMsPerFrame, ratio: screenshotMsPerFrame / beginFrame.msPerFrame };
}
