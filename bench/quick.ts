/**
 * The bench's smoke mode (`bench/run.ts --quick`, and test/bench/quick.test.ts in `npm test`):
 * renders a few frames through each fast path and checks that the fast path was taken,
 * never how fast it ran (a time would flake on a busy machine; a fallback to a slow path
 * shows as another capture method or another tick count):
 * - DOM capture by beginFrame on chromium-headless-shell (not Page.captureScreenshot);
 * - canvas mode with the browser's H.264 encoder (not the JPEG fallback) when left on auto;
 * - canvas mode read back as JPEG (not a screenshot of the viewport);
 * - the way to a late start frame by fast-forward: the tick plan's few ticks, not one per frame.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { countTicks } from '../src/browser/runtime/tick-plan.js';
import { renderVideo, type RenderResult } from '../src/render/render-video.js';
import type { RenderOptions } from '../src/render/render-options.js';
import { frameTimeMs } from '../src/shared/fps.js';
import { silentLogger as silent, type Logger } from '../src/shared/logger.js';

/** Frames each check renders: enough for the loop's steady state (frame 0 is captured apart). */
const FRAMES = 4;
/** Where the fast-forward check starts: 90 frames at 30 fps is 30 ticks by fast-forward, 89 by replay. */
const REACH_START = 90;

export interface QuickCheck {
  name: string;
  ok: boolean;
  /** What was expected and what happened, for the failure message. */
  detail: string;
}

export interface QuickOptions {
  examplesDir: string;
  tmp: string;
  env: NodeJS.ProcessEnv;
}

async function render(o: QuickOptions, name: string, options: Omit<RenderOptions, 'output' | 'env'>, logger: Logger = silent): Promise<RenderResult> {
  const output = path.join(o.tmp, `quick-${name}.mp4`);
  try {
    return await renderVideo({ frameCount: FRAMES, seek: 'jump', ...options, output, env: o.env, logger });
  } finally {
    await rm(output, { force: true });
  }
}

function methodCheck(name: string, result: RenderResult, expected: string): QuickCheck {
  return {
    name,
    ok: result.captureMethod === expected,
    detail: `capture method ${result.captureMethod} (expected ${expected}), ${result.mode} mode, ${result.browserVersion}`,
  };
}

/** The four fast paths, one render each, in order; a render that throws fails its check. */
export async function runQuickChecks(o: QuickOptions): Promise<QuickCheck[]> {
  const example = (name: string) => path.join(o.examplesDir, name);
  const checks: Array<{ name: string; run: () => Promise<QuickCheck> }> = [
    {
      name: 'dom-beginframe',
      run: async () => methodCheck('dom-beginframe', await render(o, 'dom', { input: example('dom-css'), mode: 'dom' }), 'beginframe'),
    },
    {
      name: 'canvas-webcodecs',
      run: async () => methodCheck('canvas-webcodecs', await render(o, 'webcodecs', { input: example('canvas-raf'), mode: 'canvas', canvasEncoder: 'auto' }), 'webcodecs'),
    },
    {
      name: 'canvas-jpeg',
      run: async () => methodCheck('canvas-jpeg', await render(o, 'jpeg', { input: example('canvas-raf'), mode: 'canvas', canvasEncoder: 'jpeg' }), 'canvas-jpeg'),
    },
    {
      name: 'reach-fast-forward',
      run: async () => {
        const lines: string[] = [];
        const logger: Logger = { ...silent, info: (message) => lines.push(message) };
        const result = await render(o, 'reach', { input: example('canvas-raf'), mode: 'canvas', startFrame: REACH_START, frameCount: 1, seek: 'fast-forward' }, logger);
        const expected = countTicks(-1, REACH_START, 'fast-forward', frameTimeMs(1, result.metadata.fps));
        const line = lines.find((l) => l.startsWith(`reached frame ${REACH_START} `));
        const ticks = line ? Number(/(\d+) ticks without painting/.exec(line)?.[1]) : 0;
        return {
          name: 'reach-fast-forward',
          ok: ticks === expected,
          detail: `${ticks} ticks on the way to frame ${REACH_START} (expected ${expected}, the fast-forward plan; replay would tick ${REACH_START - 1})`,
        };
      },
    },
  ];
  const results: QuickCheck[] = [];
  for (const check of checks) {
    try {
      results.push(await check.run());
    } catch (error) {
      results.push({ name: check.name, ok: false, detail: `the render failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return results;
}

/** One line per check, then what to look at when one failed. */
export function describeQuickChecks(results: QuickCheck[]): string {
  const lines = results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    lines.push(
      `${failed.length} fast path${failed.length > 1 ? 's were' : ' was'} not taken (${failed.map((r) => r.name).join(', ')}): ` +
        'a render now falls back to a slower path. Check the browser (chromium-headless-shell for beginFrame), then the capturer choice (src/render/choose-capturer.ts) and the tick plan.',
    );
  }
  return lines.join('\n');
}
