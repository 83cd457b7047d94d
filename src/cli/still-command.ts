import type { Command } from 'commander';
import { renderStill, type StillResult } from '../render/render-still.js';
import { resolveStillOptions, type StillOptions } from '../render/still-options.js';
import { parseInteger } from '../shared/parse-values.js';
import type { CliContext } from './cli-context.js';
import { addCompositionFlags, contextOptions, renderOptionsFromFlags, type RenderFlags } from './render-flags.js';

/** `helios still`'s options, typed and checked. */
export type StillCommandOptions = Omit<StillOptions, 'env' | 'logger' | 'signal'>;

export interface StillCommandFlags extends RenderFlags {
  frame?: string;
}

/** Types and checks still's flags: the frame, the image's name, quality and alpha, and the composition's flags, before a browser starts. */
export function stillCommandOptionsFromFlags(input: string, flags: StillCommandFlags): StillCommandOptions {
  const options: StillCommandOptions = { ...renderOptionsFromFlags(flags), input, frame: parseInteger('frame', flags.frame ?? '') };
  resolveStillOptions(options);
  return options;
}

/** `helios still`: writes one frame as an image and prints its path. */
export async function runStillCommand(options: StillCommandOptions, ctx: CliContext): Promise<StillResult> {
  const result = await renderStill({ ...options, ...contextOptions(ctx) });
  ctx.stderr.write(
    `wrote frame ${result.frame} (${result.width}x${result.height} ${result.format}, ${result.mode} mode via ${result.captureMethod}) in ${(result.timings.totalMs / 1000).toFixed(1)}s\n`,
  );
  ctx.stdout.write(`${result.output}\n`);
  return result;
}

export function registerStillCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('still')
    .summary('write one frame as a PNG, JPEG or WebP image')
    .description(
      'Write frame N of a composition as an image (a poster, a thumbnail): the frame exactly as `helios render` shows it at N, ' +
        'reached the same way (--seek) and at the same size (--width/--height times --scale).',
    )
    .argument('<input>', '.html file, folder with index.html, or http(s) URL')
    .requiredOption('--frame <n>', 'the frame to write: 0 is the first, the last is frames - 1')
    .option('-o, --output <file>', 'image file: .png, .jpg/.jpeg or .webp', 'still.png');
  addCompositionFlags(cmd)
    .option('--no-headless', 'show the browser window (needs a display)')
    .option('--scale <factor>', 'device scale factor: the image is the width and height times this (2: a sharp 2x image of the layout)')
    .option('--transparent', 'keep the page\'s transparency (PNG and WebP)')
    .option('--quality <q>', 'JPEG and WebP quality, 1-100 (higher is better); default 90')
    .option('--seek <how>', 'how the page reaches frame N: fast-forward, replay or jump, as for helios render (see helios render --help)', 'fast-forward')
    .option('--jpeg-quality <q>', 'quality of the captured frame, 1-100 (as a render captures it; not with --transparent)', '90')
    .option('--ffmpeg <path>', 'ffmpeg binary; default: $FFMPEG_PATH, ffmpeg-static, then ffmpeg on PATH')
    .action(async (input: string, flags: StillCommandFlags) => {
      await runStillCommand(stillCommandOptionsFromFlags(input, flags), ctx);
    });
}
