import { createProgressThrottle, type RenderProgress } from '../shared/progress-rate.js';

const BAR_WIDTH = 28;
/** A terminal bar is redrawn at most this often. */
const REDRAW_MS = 100;
/** Anywhere else (CI logs, pipes): one line per tenth. */
const LOG_STEPS = 10;

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One progress line: bar, frames, throughput and ETA. */
export function formatProgress(p: RenderProgress, withBar: boolean): string {
  const ratio = p.totalFrames ? p.renderedFrames / p.totalFrames : 0;
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = withBar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  return `${bar}frame ${p.renderedFrames}/${p.totalFrames} (${Math.floor(ratio * 100)}%)  ${p.framesPerSecond.toFixed(1)} fps  ETA ${formatEta(p.etaSeconds)}`;
}

/**
 * A bar redrawn in place on a terminal; on anything else (CI logs, pipes) a plain line
 * every 10% so logs stay short.
 */
export function createProgressReporter(stream: NodeJS.WriteStream): { update(p: RenderProgress): void; done(): void } {
  const tty = Boolean(stream.isTTY);
  const due = createProgressThrottle(tty ? { intervalMs: REDRAW_MS } : { steps: LOG_STEPS });
  let drawn = false;
  return {
    update(p) {
      if (!due(p)) return;
      if (tty) {
        stream.write(`\r\x1b[2K${formatProgress(p, true)}`);
        drawn = true;
        return;
      }
      stream.write(`${formatProgress(p, false)}\n`);
    },
    done() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
