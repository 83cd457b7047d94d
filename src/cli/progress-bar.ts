import type { RenderProgress } from '../render/render-options.js';

const BAR_WIDTH = 28;

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One progress line: bar, frames, fps and ETA. */
export function formatProgress(p: RenderProgress, withBar: boolean): string {
  const ratio = p.totalFrames ? p.renderedFrames / p.totalFrames : 0;
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = withBar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  return `${bar}frame ${p.renderedFrames}/${p.totalFrames} (${Math.floor(ratio * 100)}%)  ${p.fps.toFixed(1)} fps  ETA ${formatEta(p.etaSeconds)}`;
}

/**
 * A bar redrawn in place on a terminal; on anything else (CI logs, pipes) a plain line
 * every 10% so logs stay short.
 */
export function createProgressReporter(stream: NodeJS.WriteStream): { update(p: RenderProgress): void; done(): void } {
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.renderedFrames !== p.totalFrames) return;
        lastDraw = now;
        stream.write(`\r\x1b[2K${formatProgress(p, true)}`);
        drawn = true;
        return;
      }
      const decile = Math.floor((p.renderedFrames / p.totalFrames) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${formatProgress(p, false)}\n`);
      }
    },
    done() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
