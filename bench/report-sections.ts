/**
 * The report's sections after the per-case table, as Markdown (padded, so the same text
 * reads well on stdout): comparisons, capture floor, encoder presets, concurrency, time to first frame and memory, stitch,
 * reach. Each says in one line how it was measured.
 */
import { DEFAULT_PRESET } from '../src/render/render-options.js';
import type { Comparison } from './comparisons.js';
import type { FloorResult } from './capture-floor.js';
import type { FormatsResult } from './formats.js';
import { CONCURRENCY_LEVELS, type ConcurrencyCase, type ConcurrencyResult } from './concurrency.js';
import type { MemoryResult } from './memory.js';
import type { PresetsResult } from './presets.js';
import type { ReachResult } from './reach.js';
import type { StitchResult } from './stitch-bench.js';

export interface Sections {
  comparisons?: Comparison[];
  floor?: FloorResult;
  presets?: PresetsResult;
  formats?: FormatsResult;
  concurrency?: ConcurrencyResult;
  memory?: MemoryResult;
  stitch?: StitchResult;
  reach?: ReachResult;
}

const fx = (n: number | null | undefined, d: number) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(d));
const f1 = (n: number | null | undefined) => fx(n, 1);
const f2 = (n: number | null | undefined) => fx(n, 2);
const int = (n: number | null | undefined) => fx(n, 0);
const pct = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : `${n.toFixed(n < 10 ? 1 : 0)}%`);

/** A Markdown table with padded cells; columns from `right` on are right-aligned. */
export function table(header: string[], rows: string[][], right = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i < right ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i < right ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

function comparisons(list: Comparison[]): string[] {
  return [
    '## Side by side',
    '',
    ...table(
      ['comparison (a / b)', 'a', 'b', 'capture fps a', 'capture fps b', 'capture a/b', 'e2e fps a', 'e2e fps b', 'e2e a/b'],
      list.map((c) => [c.label, `${c.a} (${c.aMethod})`, `${c.b} (${c.bMethod})`, f1(c.aCaptureFps), f1(c.bCaptureFps), f2(c.captureRatio), f1(c.aE2eFps), f1(c.bE2eFps), f2(c.e2eRatio)]),
      3,
    ),
    '',
    'Figures of the cases above (median rounds); the ratios are the median of per-round ratios (cases run interleaved, a and b within minutes of each other).',
    '',
  ];
}

function floor(r: FloorResult): string[] {
  const rows = r.captures.map((c) => [c.browser, c.method, f1(c.msPerFrame), f1(c.fps), c.rounds.map(f1).join('/')]);
  return [
    `## Capture floor: an empty ${r.width}x${r.height} page in dom mode`,
    '',
    ...table(['browser', 'capture', 'ms/frame', 'fps', 'rounds fps'], rows, 2),
    '',
    `Capture-only (\`measureCapture\`, the renderer's capturers, ${r.frames} frames) of a page that paints a flat background and a 16 px frame number: what a DOM frame costs before the page draws anything.`,
    'What page faults add to it on this machine: research/page-faults.ts.',
    ...(r.ceiling
      ? [
          '',
          `Ceiling for DOM capture: ${r.ceiling.screenshotCaseId} takes ${f1(r.ceiling.screenshotMsPerFrame)} ms a frame; beginFrame of the empty page takes ${f1(r.captures.find((c) => c.method === 'beginframe')!.msPerFrame)} ms, ` +
            `so no beginFrame capture of the DOM example can be more than **${f2(r.ceiling.ratio)}x** the screenshot path on this machine.`,
        ]
      : []),
    '',
  ];
}

function presets(r: PresetsResult): string[] {
  const rows = r.examples.flatMap((e) =>
    e.variants.map((v) => [e.id, v.label, f1(v.cpuMsPerFrame), f1(v.wallFps), int(v.kb), pct(100 * v.sizeRatio), f2(v.psnr), fx(v.ssim, 4)]),
  );
  return [
    '## Encoder presets (CRF 18, 720p)',
    '',
    ...table(['frames of', 'preset', 'encoder CPU ms/frame', 'encode fps', 'file KB', 'file vs veryfast', 'PSNR dB', 'SSIM'], rows, 2),
    '',
    `${r.frames} frames (30 frames captured in dom mode, cycled) from memory through \`startEncoder(buildEncodeArgs(...))\` per preset; CPU = the ffmpeg child's user + system time ` +
      "(JPEG decode and colour conversion included), what it takes from the browser on a shared machine; PSNR / SSIM of the decoded file against the same frames after the renderer's colour conversion. " +
      `The default (${DEFAULT_PRESET}) keeps macroblock-tree rate control on over a 10-frame lookahead; "superfast (x264)" is x264's own, with it off.`,
    '',
  ];
}

function concurrency(r: ConcurrencyResult): string[] {
  const label = (level: ConcurrencyCase['medians'][number]['level'], workers: number) => (level === 'default' ? `default (${workers})` : String(level));
  const rows = r.cases.flatMap((c) =>
    c.error
      ? [[c.id, 'FAILED', c.error.split('\n')[0]!, '', '', '', '', '', '', '']]
      : c.medians.map((m) => {
          const runs = c.runs.filter((x) => x.level === m.level);
          const stitch = runs.map((x) => x.stitchSeconds).filter((s): s is number => s !== null);
          return [
            c.id, label(m.level, m.concurrency), String(c.frames), f1(m.wallSeconds), f1(m.fps), m.level === 1 ? '1.00' : f2(c.vsOne[m.level]),
            f1(m.cpuSeconds), pct(m.cpuUse * 100), int(m.peakRssMB), stitch.length ? f2(stitch[Math.floor((stitch.length - 1) / 2)]) : '-',
          ];
        }),
  );
  const rounds = Math.max(0, ...r.cases.map((c) => c.runs.filter((x) => x.level === 1).length));
  const perRound = r.cases.filter((c) => !c.error).map((c) => `${c.id}: ${CONCURRENCY_LEVELS.map((level) => `${level === 'default' ? 'default' : `c${level}`} ${c.runs.filter((x) => x.level === level).map((x) => f1(x.wallSeconds)).join('/')}`).join(', ')}`);
  return [
    '## Concurrency: 1, 2 and the default',
    '',
    ...table(['composition', 'concurrency', 'frames', 'wall s', 'fps', 'wall / wall at 1 (same round)', 'CPU s (user+sys)', `CPU use (of ${r.cores} cores)`, 'peak RSS sum MB', 'stitch s'], rows, 1),
    '',
    `Measured ${r.measuredAt} by \`node --import tsx bench/run.ts ${r.argv.join(' ')}\`. ` +
      `\`helios render <example> --frames N [--concurrency C]\` (CLI from source) as a child process, spawn to exit, median of ${rounds} runs per level ` +
      `(every level once per round, the order rotated each round, after one untimed 30-frame render per example); wall / wall at 1 = median over rounds of the ratio within a round; default = no --concurrency: the CLI printed "${r.defaultLine ?? '?'}". ` +
      `CPU = ${r.method}; CPU use = CPU s / (wall s × ${r.cores}). Concurrency 2 includes planning (one more browser launch), 2 worker processes and the stitch. ` +
      `Wall s per round: ${perRound.join('; ')}. Per-run figures (incl. the /proc-sampled CPU cross-check) are in bench/results.json, written by each run (not committed).`,
    '',
  ];
}

function formats(r: FormatsResult): string[] {
  const h264 = r.encodes.find((e) => e.label === 'h264 mp4')?.bytes;
  const rows = [...r.encodes, ...r.finishing].map((e) =>
    e.unavailable
      ? [e.label, e.settings, e.input, `not available: ${e.unavailable}`, '', '', '', '']
      : [e.label, e.settings, e.input, f1(e.wallMsPerFrame), f1(e.cpuMsPerFrame), int(e.bytes! / 1024), f1(e.bytes! / 1024 / r.frames), h264 ? f2(e.bytes! / h264) : '-'],
  );
  return [
    `## Formats: encode cost and size at ${r.width}x${r.height}`,
    '',
    ...table(['output', 'settings', 'input', 'wall ms/frame', 'ffmpeg CPU ms/frame', `KB (${r.frames} frames)`, 'KB/frame', 'size / h264'], rows, 3),
    '',
    `${r.samples} frames of the dom-css example captured at ${r.width}x${r.height} (${r.fps} fps): JPEG q90 as the render loop takes them (${f1(r.avgJpegKB)} KB avg) for opaque outputs, ` +
      `PNG with the page background made transparent (bench/alpha-frames.ts, ${f1(r.avgPngKB)} KB avg) for alpha ones; cycled to ${r.frames} frames and fed from memory through ` +
      '`startEncoder(buildEncodeArgs(...))` at each codec\'s defaults (one run). CPU = the ffmpeg child\'s user + system time (input decode included). ' +
      'The last rows finish the FFV1 intermediates above with `finishIntermediate` (per frame of the intermediate); the last encode row is an experiment, not what a render runs.',
    '',
  ];
}

function memory(r: MemoryResult): string[] {
  const rows = r.cases.map((c) =>
    c.error || !c.median
      ? [c.id, `FAILED: ${c.error ?? 'no runs'}`, '', '', '', '', '', '']
      : [
          c.id, c.args.slice(1).join(' '), int(c.median.readyMs), int(c.median.firstFrameMs), int(c.median.firstFrameAfterStartupMs),
          int(c.median.peakRssMB), int(c.median.peakPssMB), Object.entries(c.peakByCommand ?? {}).map(([k, v]) => `${k} ${v}`).join(', '),
        ],
  );
  return [
    '## Time to first frame and memory of one 1080p worker',
    '',
    ...table(['case', 'flags', 'ready ms', 'first frame ms', 'first frame ms minus CLI start-up', 'peak RSS sum MB', 'peak PSS sum MB', 'PSS MB at peak by process'], rows, 2),
    '',
    `\`helios render <example> <flags>\` as a child process (the published command, \`bin/helios.js\` running the committed bundle \`dist/cli\`; its start-up alone, \`helios --version\`, took ${int(r.cliStartupMs)} ms); ` +
      'ready = spawn until the "rendering …" line (browser launched, page loaded and ready), first frame = spawn until the "frame 1/N" line (first frame captured and handed to ffmpeg); ' +
      'memory = node + browser processes + ffmpeg summed over the process tree from /proc every 100 ms, peak of the sum (RSS counts shared pages once per process; PSS splits them). Medians of the runs. ' +
      'In-process (renderVideo call to first frame, no Node start-up) see "1st frame ms" in the case table.',
    '',
  ];
}

function stitch(r: StitchResult): string[] {
  const rows = r.renderEstimates.map((e) => [
    e.caseId, f1(e.e2eFps), int(e.renderSeconds), f2(r.stitchJobSeconds), f2(r.concatSeconds), pct(e.stitchPercent), f1(e.chunkRenderSeconds), pct(e.stitchPercentOfChunk),
  ]);
  return [
    `## Stitching ${r.videoSeconds / 60} minutes of ${r.height}p${r.totalFrames / r.videoSeconds}`,
    '',
    ...table(['render fps from', 'e2e fps (measured)', `render s (${r.totalFrames} frames, extrapolated)`, 'stitch s (stitchJob)', 'concat only s', 'stitch / render', `render s of one ${r.framesPerSegment}-frame chunk`, 'stitch / chunk render'], rows, 1),
    '',
    `${r.segments} segments × ${r.framesPerSegment} frames (${r.totalFrames} frames, ${r.width}x${r.height}, ${f1(r.totalMB)} MB, ${f1(r.bitrateMbps)} Mbit/s): one segment encoded with the renderer's own ` +
      `\`buildEncodeArgs\` (CRF 18, preset ${DEFAULT_PRESET}) from 30 captured frames of the canvas example at 1080p (--mode canvas) cycled (${int(r.encodeSegment.wallMs)} ms, ${f1(r.encodeSegment.fps)} fps), copied to ${r.segments} files; ` +
      `stitch = \`stitchJob()\` on a hand-written job spec and manifests (probe every segment, stream-copy concat, frame-exact verification), median of ${r.rounds.length}; ` +
      `render s = ${r.totalFrames} / the measured end-to-end fps of that 1080p case (extrapolated, not rendered). Stitch rounds: ${r.rounds.map((x) => f2(x.stitchJobSeconds)).join('/')} s.`,
    '',
  ];
}

function reach(r: ReachResult): string[] {
  const s = (ms: number | null | undefined) => fx(ms === null || ms === undefined ? ms : ms / 1000, 2);
  const rows = r.examples.flatMap((e) =>
    e.rows.map((row) => {
      const head = [e.id, String(row.startFrame), row.startFrame === 0 ? '- (baseline)' : row.seek];
      if (row.skipped) {
        const est = row.skipped.estimatedSeconds;
        return [...head, 'skipped', `~${int(est)}`, '', '', '', fx((est * 1000) / row.startFrame, 3), '', `not run: estimated from S=${row.skipped.fromStartFrame}`];
      }
      if (row.error || !row.median) return [...head, `FAILED: ${(row.error ?? 'no runs').split('\n')[0]!}`, '', '', '', '', '', '', ''];
      const m = row.median;
      return [
        ...head, s(m.wallMs), s(m.reachMs), int(m.ticks), s(m.firstFrameMs), s(m.addedMs), fx(m.msPerSkippedFrame, 3), pct(m.ofRenderFrame === null ? null : 100 * m.ofRenderFrame),
        row.runs.map((x) => s(x.reachMs ?? x.firstFrameMs)).join('/'),
      ];
    }),
  );
  const perFrame = r.examples.map((e) =>
    e.render.error
      ? `${e.id}: ${r.renderFrames}-frame render FAILED (${e.render.error.split('\n')[0]})`
      : `${e.id} (${e.mode}/${e.method}, ${e.totalFrames ?? '?'} frames of its own): **${f1(e.renderMsPerFrame)} ms** per rendered frame (frame loop ${f1(e.loopMsPerFrame)} ms/frame over ${r.renderFrames} frames incl. encoder start and finish)`,
  );
  return [
    '## Reaching frame S (a render that starts mid-video)',
    '',
    ...table(['example', 'S', '--seek', 'call s', 'reach s', 'ticks', 'first frame s', 'added vs S=0 s', 'ms per skipped frame', 'of a rendered frame', 'rounds (reach or first frame) s'], rows, 3),
    '',
    `\`renderVideo({ startFrame: S, frameCount: 1 })\` in process (mode auto, default preset; \`frames\` overridden to S + 1 where the page is shorter: its own animation ends at its end), median of ${r.rounds} round(s), ` +
      'every (example, S, mode) of a round before the next round. call = the whole call (browser launch, load, reach, one frame, encoder finish); ' +
      'reach = from the engine\'s "rendering …" line (page loaded and ready) to its "reached frame S in Xs (… N ticks without painting)" line, ticks from that line (jump ticks nothing and logs nothing); ' +
      'first frame = from the "rendering …" line until frame S went to the encoder, and added = that minus the same at S = 0 (what reaching S added, jump included). ' +
      `A row whose reach, extrapolated from the same mode at a smaller S in round 1 (× S / smaller S), would exceed ${r.maxEstimatedReachSeconds} s is not run (its reach shows the estimate, ~). ` +
      'ms per skipped frame = reach (jump: added) / S; of a rendered frame = that / the example\'s cost of rendering one frame in the same run:',
    '',
    ...perFrame.map((l) => `- ${l}`),
    '',
    `Cost of rendering one frame = (frame loop of a ${r.renderFrames}-frame render from 0 − frame loop of the 1-frame S = 0 render) / ${r.renderFrames - 1}, ` +
      'i.e. the marginal seek + paint + capture + encode of one more frame (no launch, no encoder start-up).',
    '',
  ];
}

export function sectionLines(s: Sections): string[] {
  return [
    ...(s.comparisons?.length ? comparisons(s.comparisons) : []),
    ...(s.floor ? floor(s.floor) : []),
    ...(s.presets ? presets(s.presets) : []),
    ...(s.formats ? formats(s.formats) : []),
    ...(s.concurrency ? concurrency(s.concurrency) : []),
    ...(s.memory ? memory(s.memory) : []),
    ...(s.stitch ? stitch(s.stitch) : []),
    ...(s.reach ? reach(s.reach) : []),
  ];
}
