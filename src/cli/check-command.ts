import type { Command } from 'commander';
import { parseFrameList } from '../render/check-samples.js';
import { checkSplit, type CheckSplitOptions, type SampleCheck, type SplitCheckReport } from '../render/check-split.js';
import type { FrameDifference } from '../render/compare-frames.js';
import { NotSplitSafeError } from '../shared/errors.js';
import type { CliContext } from './cli-context.js';
import { resolveRenderOptions } from '../render/render-options.js';
import { addCompositionFlags, contextOptions, renderOptionsFromFlags, type RenderFlags } from './render-flags.js';

const VERDICT_LABEL: Record<SplitCheckReport['verdict'], string> = {
  safe: 'safe',
  'needs-replay': 'needs --seek replay',
  'not-split-safe': 'not split-safe',
};

function describe(d: FrameDifference): string {
  if (d.identical) return 'same pixels';
  const by = `max difference ${d.maxDifference}, PSNR ${d.psnr!.toFixed(1)} dB`;
  return d.matches ? `same picture (rasterization differs slightly: ${by})` : `differs (${by})`;
}

function sampleLine(s: SampleCheck): string {
  const replay = s.replay ? `; with --seek replay: ${describe(s.replay)}` : '';
  return `frame ${s.frame}: ${describe(s.difference)}${replay}`;
}

/** The report as people read it: one line per sample, then the verdict and what to do. */
export function formatCheckReport(r: SplitCheckReport): string {
  const lines = [
    `${r.input}: ${r.frames} frames, ${r.width}x${r.height}, ${r.fps} fps, ${r.mode} mode; ` +
      `each frame below rendered alone with --seek ${r.seek}, compared with a render from frame 0`,
    ...r.samples.map(sampleLine),
    `verdict: ${VERDICT_LABEL[r.verdict]}`,
    r.advice,
  ];
  return `${lines.join('\n')}\n`;
}

/** `helios check`'s options: the check's, and how to print the report. */
export interface CheckCommandOptions extends Omit<CheckSplitOptions, 'env' | 'logger' | 'signal' | 'onProgress'> {
  /** Print the report as JSON. */
  json?: boolean;
}

export interface CheckCommandFlags extends RenderFlags {
  at?: string;
  json?: boolean;
}

/** Types and checks check's flags (render's composition flags, plus the samples) before a browser starts. */
export function checkCommandOptionsFromFlags(input: string, flags: CheckCommandFlags): CheckCommandOptions {
  const { seek, ...render } = renderOptionsFromFlags(flags);
  resolveRenderOptions({ ...render, seek, input });
  return { ...render, input, seek, at: flags.at === undefined ? undefined : parseFrameList(flags.at), json: flags.json };
}

/** `helios check`: prints the report; a page that is not split-safe under the tested mode ends with exit code 1. */
export async function runCheckCommand(options: CheckCommandOptions, ctx: CliContext): Promise<SplitCheckReport> {
  const report = await checkSplit({
    ...options,
    ...contextOptions(ctx),
    onProgress: (p) => ctx.stderr.write(`[${p.step}/${p.steps}] ${p.message}\n`),
  });
  ctx.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report));
  if (report.verdict !== 'safe') {
    const fix = report.verdict === 'needs-replay' ? 'render with --seek replay' : 'see the advice above';
    throw new NotSplitSafeError(
      `frame${report.differing.length > 1 ? 's' : ''} ${report.differing.join(', ')} differ when a chunk starts there (--seek ${report.seek}): ${fix}`,
    );
  }
  return report;
}

export function registerCheckCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('check')
    .summary('check that chunks starting mid-video show what a full render shows')
    .description(
      [
        'Tells whether a chunk that starts mid-video shows the same pixels as a full render, before you pay for a split render.',
        'It renders frames 0 up to the last sample frame in one sequence, then each sample frame alone on a fresh page with --seek (as a chunk starting there would), both losslessly, and compares the pixels. ' +
          'Frames that differ are rendered again with --seek replay: replay fixing them means the page builds up state frame by frame; replay not fixing them means the page reads a clock or data the renderer does not control.',
        'Cost: one render of frames 0..last sample, plus one browser start per sample, and one more per differing frame (a replay render steps through every frame before its sample). ' +
          'Default samples: a quarter, half, three quarters and the last frame of the first 10 seconds. Only the sampled frames are compared.',
        'Exit code 0 when split-safe, 1 when not. The report goes to stdout (--json for a machine-readable one), progress to stderr.',
      ].join('\n\n'),
    )
    .argument('<input>', '.html file, folder with index.html, or http(s) URL')
    .option('--at <frames>', 'range starts to check, comma-separated (e.g. 30,150,900); default 4 frames spread over the first 10 s')
    .option('--seek <how>', 'seek mode a chunk would use: fast-forward, replay or jump', 'fast-forward');
  addCompositionFlags(cmd)
    .option('--ffmpeg <path>', 'ffmpeg binary; default: $FFMPEG_PATH, ffmpeg-static, then ffmpeg on PATH')
    .option('--no-headless', 'show the browser window (needs a display)')
    .option('--json', 'print the report as JSON')
    .action(async (input: string, flags: CheckCommandFlags) => {
      await runCheckCommand(checkCommandOptionsFromFlags(input, flags), ctx);
    });
}
