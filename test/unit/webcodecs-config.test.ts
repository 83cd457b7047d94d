import { buildPageEncoderConfig, h264LevelFor } from '../../src/encode/webcodecs-config.js';
import { parseFrameRate } from '../../src/shared/fps.js';

const fps = (s: string) => parseFrameRate(s);

describe('the page encoder configuration', () => {
  test.each([
    [1280, 720, '30', '1f'],
    [1280, 720, '60', '20'],
    [1920, 1080, '30', '28'],
    [1920, 1080, '60', '2a'],
    [3840, 2160, '30', '33'],
    [256, 64, '30000/1001', '1f'],
  ])('%dx%d at %s fps asks for level idc 0x%s', (w, h, rate, idc) => {
    expect(h264LevelFor(w, h, fps(rate))?.idc).toBe(idc);
  });

  test('beyond level 5.2 there is no level', () => {
    expect(h264LevelFor(7680, 4320, fps('30'))).toBeNull();
    expect(buildPageEncoderConfig({ width: 7680, height: 4320, fps: fps('30'), crf: 18 })).toEqual({ reason: '7680x4320 at 30.00 fps is beyond H.264 level 5.2' });
  });

  test('odd sizes are refused with the reason', () => {
    expect(buildPageEncoderConfig({ width: 1281, height: 720, fps: fps('30'), crf: 18 })).toEqual({ reason: 'H.264 needs an even size, not 1281x720' });
  });

  test('CRF 18 at 720p30 asks for 0.3 bits per pixel; 6 CRF steps halve it; the level caps it', () => {
    const at = (crf: number, w = 1280, h = 720) => {
      const built = buildPageEncoderConfig({ width: w, height: h, fps: fps('30'), crf });
      if ('reason' in built) throw new Error(built.reason);
      return built.config;
    };
    expect(at(18)).toEqual({ codec: 'avc1.42001f', width: 1280, height: 720, bitrate: 8_294_400, framerate: 30 });
    expect(at(24).bitrate).toBe(4_147_200);
    expect(at(0).bitrate).toBe(14_000_000);
    expect(at(51).bitrate).toBe(200_000);
  });
});
