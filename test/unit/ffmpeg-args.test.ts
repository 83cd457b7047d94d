import { buildEncodeArgs, type EncodeSettings } from '../../src/encode/ffmpeg-args.js';
import { DEFAULT_PRESET, resolveRenderOptions } from '../../src/render/render-options.js';

const base: EncodeSettings = { format: 'mp4', fps: { num: 30, den: 1 }, width: 1280, height: 720, crf: 18, preset: 'superfast', inputWidth: 1280, inputHeight: 720 };

/** The value that follows `flag` in an argument list. */
function valueOf(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('encoder arguments', () => {
  it('defaults to superfast with macroblock-tree rate control over a 10-frame lookahead', () => {
    expect(DEFAULT_PRESET).toBe('superfast');
    expect(resolveRenderOptions({ input: 'x.html' }).preset).toBe('superfast');
    const args = buildEncodeArgs(base, 'out.mp4');
    expect(valueOf(args, '-preset')).toBe('superfast');
    expect(valueOf(args, '-x264-params')).toBe('open-gop=0:rc-lookahead=10:mbtree=1');
    expect(valueOf(args, '-crf')).toBe('18');
  });

  it('leaves the other presets as x264 defines them, with closed GOPs', () => {
    for (const preset of ['ultrafast', 'veryfast', 'medium'] as const) {
      const args = buildEncodeArgs({ ...base, preset }, 'out.mp4');
      expect(valueOf(args, '-preset')).toBe(preset);
      expect(valueOf(args, '-x264-params')).toBe('open-gop=0');
    }
  });

  it('uses the High 4:4:4 Predictive profile for lossless mp4 (CRF 0), which x264 refuses in High', () => {
    expect(valueOf(buildEncodeArgs(base, 'out.mp4'), '-profile:v')).toBe('high');
    expect(valueOf(buildEncodeArgs({ ...base, crf: 0 }, 'out.mp4'), '-profile:v')).toBe('high444');
  });

  it('maps the presets onto VP9 speeds, the default onto realtime -cpu-used 6', () => {
    const cpuUsed = (preset: EncodeSettings['preset']) => {
      const args = buildEncodeArgs({ ...base, format: 'webm', crf: 31, preset }, 'out.webm');
      return `${valueOf(args, '-deadline')} ${valueOf(args, '-cpu-used')}`;
    };
    expect(cpuUsed('ultrafast')).toBe('realtime 7');
    expect(cpuUsed('superfast')).toBe('realtime 6');
    expect(cpuUsed('veryfast')).toBe('realtime 5');
    expect(cpuUsed('faster')).toBe('good 4');
    expect(cpuUsed('veryslow')).toBe('good 0');
  });

  it('keeps alpha from PNG input: ProRes 4444, VP9 yuva420p tagged alpha_mode, the RGBA intermediate of PNG frames', () => {
    const alpha = { ...base, transparent: true, input: 'png' as const };
    const prores = buildEncodeArgs({ ...alpha, format: 'mov', codec: 'prores', crf: null }, 'out.mov');
    const vp9 = buildEncodeArgs({ ...alpha, format: 'webm', crf: 31 }, 'out.webm');
    const frames = buildEncodeArgs({ ...alpha, format: 'png', crf: null }, 'frames.mkv');
    // PNG in (no JPEG colour matrix), the alpha-carrying pixel format out.
    for (const args of [prores, vp9, frames]) expect(valueOf(args, '-c:v')).toBe('png');
    expect([prores, vp9, frames].map((a) => valueOf(a, '-pix_fmt'))).toEqual(['yuva444p10le', 'yuva420p', 'bgra']);
    expect(valueOf(prores, '-vf')).toBe('scale=out_range=tv:out_color_matrix=bt709,format=yuva444p10le');
    expect(valueOf(prores, '-profile:v')).toBe('4444');
    expect(valueOf(vp9, '-metadata:s:v:0')).toBe('alpha_mode=1');
    expect(valueOf(frames, '-vf')).toBe('format=bgra');
  });
});
