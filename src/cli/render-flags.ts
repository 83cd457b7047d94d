import type { Command } from 'commander';
import { parseOptionText, type OptionText, type ParsedOptions } from '../jobs/option-text.js';
import { readProps } from '../jobs/read-props.js';
import { DEFAULT_PRESET, type RenderOptions } from '../render/render-options.js';
import { kebabCase } from '../shared/parse-values.js';
import type { CliContext } from './cli-context.js';

/** Commander's flags as it gives them (strings, or booleans for switches), before a command types them. */
export type Flags = Record<string, string | boolean | undefined>;

/** Flags shared by render, plan and probe: what the composition is and how to open it. */
export function addCompositionFlags(cmd: Command): Command {
  return cmd
    .option('--width <px>', 'output width (even); default: window.helios.width, else 1280')
    .option('--height <px>', 'output height (even); default: window.helios.height, else 720')
    .option('--fps <rate>', 'frames per second: 30, 29.97 or 30000/1001; default: window.helios.fps, else 30')
    .option('--duration <seconds>', 'length in seconds; default: window.helios.duration')
    .option('--frames <count>', 'length in frames (instead of --duration)')
    .option('--props <json|file>', `data for the page, read as window.helios.props: inline JSON ('{"title": "v1.2"}') or a .json file; at most 256 KiB`)
    .option('--mode <mode>', 'capture mode: auto, dom (whole viewport) or canvas (one canvas)', 'auto')
    .option('--canvas-selector <css>', 'canvas to capture in canvas mode; default: the largest canvas')
    .option('--browser <path>', 'Chromium binary; default: $HELIOS_BROWSER, $PUPPETEER_EXECUTABLE_PATH, then chromium-headless-shell, chromium, google-chrome on PATH')
    .option('--timeout <seconds>', 'how long to wait for the page to load and become ready', '30')
    .option('--frame-timeout <seconds>', 'how long one frame may take before the render fails (a page that hangs)', '30')
    .option('--gl <backend>', 'WebGL backend: swiftshader (software: works without a GPU, the same pixels on every machine) or gpu', 'swiftshader');
}

/** Flags of the encoded output, shared by render and plan. */
export function addEncodeFlags(cmd: Command): Command {
  return cmd
    .option(
      '--seek <how>',
      'how a range starting mid-video reaches its first frame: fast-forward (ticks from t = 0 in steps of at most 100 ms without painting, ' +
        'so libraries with their own clocks agree), replay (steps every frame: state that counts frames) or jump (one jump: pages that compute everything from the time)',
      'fast-forward',
    )
    .option('--format <fmt>', 'mp4, webm, mov, gif, or png (PNG frames); default: from the output extension')
    .option(
      '--codec <codec>',
      'video codec: h264 (mp4 default), h265 (tagged hvc1 for Apple players), av1 (needs ffmpeg with libsvtav1), ' +
        'vp9 (webm default), prores (mov default: 4444 with --transparent, else 422 HQ)',
    )
    .option('--quality <crf>', 'constant rate factor, lower is better: default 18 (h264), 22 (h265), 31 (vp9), 30 (av1); not for prores, gif, png')
    .option('--transparent', 'keep the page\'s transparency (no background where the page sets none): ProRes 4444 (.mov), VP9 (.webm) or PNG frames')
    .option('--sequence', 'write PNG frames into the -o folder (00000.png, 00001.png, ...) instead of a video; the same as -o frames/%05d.png')
    .option('--scale <factor>', 'device scale factor: the output is the width and height times this (2: a sharp 4K video from a 1080p layout; 0.5: a small GIF)')
    .option('--every-nth-frame <n>', 'GIF: keep every Nth frame (the GIF plays at fps / N)')
    .option('--gif-loops <n>', 'GIF: times it repeats after playing once (0: plays once); default: forever')
    .option('--muted', 'no sound: leave out the page\'s <audio>/<video> sound and --audio')
    .option('--preset <name>', 'x264 speed preset: ultrafast ... veryslow (superfast keeps macroblock-tree rate control on)', DEFAULT_PRESET)
    .option('--jpeg-quality <q>', 'quality of captured frames, 1-100', '90')
    .option(
      '--canvas-encoder <how>',
      'canvas mode, mp4: webcodecs (the browser encodes H.264 in the page, ffmpeg only muxes: fastest), ' +
        'jpeg (JPEG frames encoded by x264 at --quality/--preset: smaller files) or auto (webcodecs when the browser can)',
      'auto',
    )
    .option('--audio <file>', 'soundtrack mixed in from t = 0 (with the sound of the page\'s <audio>/<video> elements)')
    .option('--ffmpeg <path>', 'ffmpeg binary; default: $FFMPEG_PATH, ffmpeg-static, then ffmpeg on PATH');
}

/** Flags of how a job is split, shared by render and plan. */
export function addSplitFlags(cmd: Command): Command {
  return cmd
    .option('--chunks <n>', 'number of chunks (default: --concurrency)')
    .option('--frames-per-chunk <n>', 'frames per chunk (instead of --chunks)')
    .option('--max-chunks <n>', 'at most this many chunks (<= 256, the Actions matrix limit)')
    .option('--min-frames-per-chunk <n>', 'smallest chunk worth its own browser', '30');
}

/** The flags of render, plan, probe and check as commander gives them: text, keyed by the engine's option names, and switches. */
export interface RenderFlags extends OptionText {
  output?: string;
  /** Inline JSON or a file (read by readProps). */
  props?: string;
  transparent?: boolean;
  sequence?: boolean;
  muted?: boolean;
  canvasSelector?: string;
  audio?: string;
  browser?: string;
  ffmpeg?: string;
  /** false with --no-headless. */
  headless?: boolean;
}

/** What every command passes the engine from the CLI: environment, logger and cancellation. */
export function contextOptions(ctx: CliContext): Pick<RenderOptions, 'env' | 'logger' | 'signal'> {
  return { env: ctx.env, logger: ctx.logger, signal: ctx.signal };
}

/**
 * The typed options of the flags that render, plan, probe and check share (the input, and
 * env, logger and signal, come from the caller). Text is parsed here; the ranges are checked
 * by the command's `…OptionsFromFlags`, before anything starts.
 */
export function renderOptionsFromFlags(flags: RenderFlags, cwd = process.cwd()): Omit<RenderOptions, 'input'> & ParsedOptions {
  return {
    ...parseOptionText(flags),
    output: flags.output,
    props: flags.props === undefined ? undefined : readProps(flags.props, cwd),
    transparent: flags.transparent,
    sequence: flags.sequence,
    muted: flags.muted,
    canvasSelector: flags.canvasSelector,
    audio: flags.audio,
    browser: flags.browser,
    ffmpeg: flags.ffmpeg,
    headless: flags.headless !== false,
  };
}

/** `frameTimeout` -> `--frame-timeout`: how the CLI prints an option named in an error. */
export function flagName(option: string): string {
  return `--${kebabCase(option)}`;
}
