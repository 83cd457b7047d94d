import { DEFAULT_PRESET } from '../src/render/render-options.js';
import type { BenchCase } from './cases.js';
import type { MachineInfo } from './machine.js';
import type { CaptureFigures, EncodeFigures, EndToEndFigures } from './measure.js';
import { sectionLines, type Sections } from './report-sections.js';

/** One pass of the three measurements. */
export interface Round {
  loadAverage: number[];
  capture: CaptureFigures;
  encode: EncodeFigures;
  endToEnd: EndToEndFigures;
  /** --frames given to renderVideo when the composition is shorter than the run. */
  totalFramesOverride: number | undefined;
}

export interface CaseResult {
  id: string;
  description: string;
  input: string;
  browser: string;
  /** --mode given to the renderer ('auto' unless the case sets it). */
  mode: string;
  /** What the case really measures, when the page does not simply scale (see cases.ts). */
  note?: string;
  frames: number;
  /** Median round of each measurement (capture, encode, endToEnd are picked separately). */
  rounds: Round[];
  totalFramesOverride?: number;
  /** os.loadavg() just before the case: the machine is shared, so read the figures with it. */
  loadAverage: number[];
  capture?: CaptureFigures;
  encode?: EncodeFigures;
  endToEnd?: EndToEndFigures;
  /** end-to-end fps / min(capture-only, encode-only): 1.0 means capture and encoding overlap perfectly. */
  ratio?: {
    total: number;
    loop: number;
    bottleneck: 'capture' | 'encode';
    /** 1 / (1/capture + 1/encode): the fps if capture and encoding did not overlap at all. */
    serialFps: number;
    /** e2e loop fps / serialFps: above 1 means some overlap paid off. */
    loopVsSerial: number;
  };
  error?: string;
}

export interface BenchReport extends Sections {
  generatedAt: string;
  argv: string[];
  /** Which parts ran: cases, floor, presets, concurrency, memory, stitch, reach. */
  sections: string[];
  /** Wall time of the whole benchmark. */
  durationSeconds: number;
  framesPerCase: number;
  repeat: number;
  /** Problems that did not stop the run (e.g. rejections the engine left unhandled). */
  warnings: string[];
  machine: MachineInfo;
  cases: CaseResult[];
}

export function emptyResult(c: BenchCase, input: string, frames: number, loadAverage: number[]): CaseResult {
  return { id: c.id, description: c.description, input, browser: c.browser ?? '(default)', mode: c.mode ?? 'auto', note: c.note, frames, rounds: [], loadAverage };
}

const f1 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(1));
const f2 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(2));
const ms = (n: number | null | undefined) => (n === null || n === undefined ? '-' : String(Math.round(n)));

const HEADER = ['case', 'capture', 'frames', 'capture fps', 'encode fps', 'e2e fps (total)', 'e2e fps (loop)', 'ratio (total)', 'ratio (loop)', 'serial fps', 'load ms', '1st frame ms'];

function row(r: CaseResult): string[] {
  if (r.error) return [r.id, `FAILED: ${r.error.split('\n')[0]}`, String(r.frames), '', '', '', '', '', '', '', '', ''];
  const e = r.endToEnd;
  return [
    r.id,
    `${r.capture?.mode ?? '?'}/${r.capture?.method ?? '?'}${e && e.method !== r.capture?.method ? ` (render: ${e.method})` : ''}`,
    String(r.frames),
    f1(r.capture?.fps),
    f1(r.encode?.fps),
    f1(e?.fpsTotal),
    f1(e?.fpsLoop),
    f2(r.ratio?.total),
    f2(r.ratio?.loop),
    f1(r.ratio?.serialFps),
    ms(e?.timings.loadMs),
    ms(e?.firstFrameMs),
  ];
}

export function textTable(results: CaseResult[]): string {
  const rows = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function machineLines(m: MachineInfo): string[] {
  return [
    `- CPU: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB RAM (load average at start: ${m.loadAverageAtStart.join(' / ')}${m.loadAverageAtEnd ? `, at end: ${m.loadAverageAtEnd.join(' / ')}` : ''})`,
    `- OS: ${m.os}; Node ${m.node}`,
    `- Browser: ${m.chromium.join(', ') || 'unknown'}`,
    `- ffmpeg: ${m.ffmpeg}`,
  ];
}

/** Per-round fps of each measurement, to show how noisy the machine was. */
function spread(r: CaseResult): string {
  const list = (f: (x: CaseResult['rounds'][number]) => number) => r.rounds.map((x) => f1(f(x))).join('/');
  return `capture ${list((x) => x.capture.fps)}, encode ${list((x) => x.encode.fps)}, e2e total ${list((x) => x.endToEnd.fpsTotal)}, e2e loop ${list((x) => x.endToEnd.fpsLoop)}`;
}

/** One paragraph per case with the figures behind the table. */
function details(r: CaseResult): string {
  if (r.error) return `${r.id}: FAILED: ${r.error}`;
  return (
    `${r.id} (${r.description}): capture-only load ${ms(r.capture?.loadMs)} ms, per frame seek ${f1(r.capture?.seekMsPerFrame)} ms + capture ${f1(r.capture?.captureMsPerFrame)} ms${r.capture?.seekMsPerFrame === 0 ? " (one call seeks and captures)" : ""}, ` +
    `${r.capture?.method === 'webcodecs' ? 'frames stay in the page (no JPEG)' : `avg JPEG ${f1(r.capture?.avgJpegKB)} KB`}; encode-only ${ms(r.encode?.wallMs)} ms; ` +
    `no-overlap fps ${f1(r.ratio?.serialFps)} (e2e loop is ${f2(r.ratio?.loopVsSerial)}x that); ` +
    `render wall ${ms(r.endToEnd?.wallMs)} ms (load ${ms(r.endToEnd?.timings.loadMs)} + frames ${ms(r.endToEnd?.timings.renderMs)}), ` +
    `bottleneck ${r.ratio?.bottleneck}; output checked: ${r.endToEnd?.check.frames} frames ${r.endToEnd?.check.width}x${r.endToEnd?.check.height}` +
    `${r.totalFramesOverride ? ` (rendered with --frames ${r.totalFramesOverride}: the composition is shorter)` : ''}. ` +
    `Rounds: ${spread(r)}; load avg before ${r.loadAverage.join('/')}` +
    (r.note ? `. Note: ${r.note}` : '')
  );
}

export function textSummary(report: BenchReport): string {
  const warnings = report.warnings.length ? ['', `${report.warnings.length} warning(s):`, ...report.warnings.map((w) => `- ${w}`)] : [];
  const cases = report.cases.length ? [textTable(report.cases), '', ...report.cases.map(details), ''] : [];
  return [...cases, ...sectionLines(report), ...warnings, '', ...machineLines(report.machine)].join('\n');
}

export function markdown(report: BenchReport): string {
  const mdRow = (r: string[]) => `| ${r.join(' | ')} |`;
  return [
    '# Render benchmark',
    '',
    `Generated ${report.generatedAt} by \`node --import tsx ${['bench/run.ts', ...report.argv].join(' ')}\` in ${Math.round(report.durationSeconds)} s, ${report.framesPerCase} frames per case, median of ${report.repeat} round(s) (capture, encode, render interleaved; every case's round i before any case's round i+1). Sections: ${report.sections.join(', ')}.`,
    '',
    ...(report.cases.length ? caseTable(report, mdRow) : []),
    ...sectionLines(report),
    ...(report.cases.length ? ['## Details', '', ...report.cases.map((r) => `- ${details(r)}`), ''] : []),
    ...(report.warnings.length ? ['## Warnings', '', ...report.warnings.map((w) => `- ${w}`), ''] : []),
    '## Machine',
    '',
    ...machineLines(report.machine),
    '',
  ].join('\n');
}

function caseTable(report: BenchReport, mdRow: (r: string[]) => string): string[] {
  return [
    '## Cases',
    '',
    mdRow(HEADER),
    mdRow(HEADER.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...report.cases.map((r) => mdRow(row(r))),
    '',
    '- **capture fps**: `loadComposition` (renderer options, mode auto unless the case sets --mode) + the renderer\'s capturer; seek + capture N frames, images dropped, the way the render loop takes them (dom/beginframe: the page seeks frame i + 1 while frame i is drawn). Browser launch not included. ' +
      'canvas/webcodecs: seek + take the canvas as a `VideoFrame` and drop it (what the page\'s encoder would get), frames after the first taken a range per call in the page, as the renderer\'s captureRange takes them.',
    '- **encode fps**: N frames (cycling 30 real captured JPEGs) from memory into `startEncoder(buildEncodeArgs(...))`, H.264 CRF 18 mp4 at the default preset (`' + DEFAULT_PRESET + '`); ffmpeg start to finished file. ' +
      'canvas/webcodecs: N frames (cycling 30 `VideoFrame`s taken from the canvas and held in the page) through the page\'s `VideoEncoder` with the renderer\'s configuration, the bitstream handed over every 30 frames, then muxed by the renderer\'s ffmpeg arguments; first frame in to finished file.',
    '- **e2e fps (total)**: `renderVideo()` as `helios render` calls it, frames / wall time of the whole call (browser launch included).',
    '- **e2e fps (loop)**: frames / `timings.renderMs` (frame loop, encoder start and finish; no browser launch).',
    '- **ratio**: e2e fps / min(capture fps, encode fps). 1.0 = capture and encoding fully overlap; on 2 cores both compete for the CPU.',
    '- **serial fps**: 1 / (1/capture + 1/encode), what the loop would reach with no overlap at all (each pass alone already uses both cores).',
    '- **load ms**: `timings.loadMs` (browser launch, page load, ready). **1st frame ms**: from the call until the first frame reached the encoder.',
    '',
  ];
}
