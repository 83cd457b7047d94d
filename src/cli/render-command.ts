import type { Command } from 'commander';
import { renderVideo } from '../render/render-video.js';
import type { CliContext } from './cli-context.js';
import { createProgressReporter } from './progress-bar.js';

/** Flags shared by render and probe: what the composition is and how to open it. */
export function addCompositionFlags(cmd: Command): Command {
  return cmd
    .option('--width <px>', 'output width (even); default: window.helios.width, else 1280')
    .option('--height <px>', 'output height (even); default: window.helios.height, else 720')
    .option('--fps <rate>', 'frames per second: 30, 29.97 or 30000/1001; default: window.helios.fps, else 30')
    .option('--duration <seconds>', 'length in seconds; default: window.helios.duration')
    .option('--frames <count>', 'length in frames (instead of --duration)')
    .option('--mode <mode>', 'capture mode: auto, dom (whole viewport) or canvas (one canvas)', 'auto')
    .option('--canvas-selector <css>', 'canvas to capture in canvas mode; default: the largest canvas')
    .option('--browser <path>', 'Chromium binary; default: $HELIOS_BROWSER, $PUPPETEER_EXECUTABLE_PATH, then chromium-headless-shell, chromium, google-chrome on PATH')
    .option('--timeout <seconds>', 'how long to wait for the page to load and become ready', '30')
    .option('--no-headless', 'show the browser window (needs a display)');
}

/** Renders the video now; options are the parsed flags. */
async function runRender(input: string, flags: Record<string, string | boolean | undefined>, ctx: CliContext): Promise<void> {
  const progress = createProgressReporter(ctx.stderr);
  const s = (k: string) => flags[k] as string | undefined;
  try {
    const result = await renderVideo({
      input,
      output: s('output'),
      width: s('width'),
      height: s('height'),
      fps: s('fps'),
      duration: s('duration'),
      frames: s('frames'),
      startFrame: s('startFrame'),
      frameCount: s('frameCount'),
      mode: s('mode'),
      canvasSelector: s('canvasSelector'),
      quality: s('quality'),
      preset: s('preset'),
      format: s('format'),
      jpegQuality: s('jpegQuality'),
      seek: s('seek'),
      browser: s('browser'),
      ffmpeg: s('ffmpeg'),
      timeout: s('timeout'),
      headless: flags.headless !== false,
      env: ctx.env,
      logger: ctx.logger,
      signal: ctx.signal,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    const seconds = result.timings.totalMs / 1000;
    ctx.stderr.write(
      `rendered ${result.frameCount} frames in ${seconds.toFixed(1)}s (${(result.frameCount / seconds).toFixed(1)} fps, ${result.mode} mode via ${result.captureMethod})\n`,
    );
    ctx.stdout.write(`${result.output}\n`);
  } finally {
    progress.done();
  }
}

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('render')
    .summary('render a composition to a video file')
    .description(
      'Render an HTML composition (an .html file, a folder with index.html, or an http(s) URL) to MP4 or WebM.\n' +
        'Frame N of the output shows the page at t = N / fps, whichever clock the page reads.',
    )
    .argument('<input>', '.html file, folder with index.html, or http(s) URL')
    .option('-o, --output <file>', 'output file (.mp4 or .webm); default out.mp4');
  addCompositionFlags(cmd)
    .option('--start-frame <n>', 'first frame to render (a segment of a longer video)')
    .option('--frame-count <n>', 'number of frames to render from --start-frame')
    .option('--seek <how>', 'how a range starting mid-video reaches its first frame: jump, or replay (steps every frame from 0)', 'jump')
    .option('--format <fmt>', 'mp4 (H.264) or webm (VP9); default: from the output extension')
    .option('--quality <crf>', 'constant rate factor, lower is better: default 18 (mp4), 31 (webm)')
    .option('--preset <name>', 'encoder speed preset: ultrafast ... veryslow', 'veryfast')
    .option('--jpeg-quality <q>', 'quality of captured frames, 1-100', '90')
    .option('--ffmpeg <path>', 'ffmpeg binary; default: $FFMPEG_PATH, ffmpeg-static, then ffmpeg on PATH')
    .action((input: string, flags: Record<string, string | boolean | undefined>) => runRender(input, flags, ctx));
}
