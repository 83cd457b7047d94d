import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { probeFrameTimes } from '../../src/encode/probe-frame-times.js';
import { EncodeError } from '../../src/shared/errors.js';
import { makeTempDir, writeCellsClip } from '../helpers/fixtures.js';
import { decodeFrameNumbers } from '../helpers/frames.js';

const exec = promisify(execFile);
const FRAMES = 60;

/** k / fps rounded to the time base 1 / timescale, as a muxer stores it. */
const stored = (k: number, fps: number, timescale: number, start = 0) => Math.round((start + k / fps) * timescale) / timescale;

describe('probeFrameTimes (real ffprobe on clips made by ffmpeg)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('helios-frame-times-');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('VP9 WebM, 30 fps: 1 ms time base, frame 2 at 67 ms, constant rate', async () => {
    const clip = await writeCellsClip(dir, 'vp9-30.webm', FRAMES, { codec: 'vp9', fps: '30', gop: 12 });
    const t = await probeFrameTimes('ffprobe', clip);
    expect(t).not.toBeNull();
    expect(t!.frameRate).toEqual({ num: 30, den: 1 });
    expect(t!.timeBaseSeconds).toBe(0.001);
    expect(t!.times).toHaveLength(FRAMES);
    expect(t!.times[2]).toBeCloseTo(0.067, 9);
    t!.times.forEach((time, k) => expect(time).toBeCloseTo(stored(k, 30, 1000), 9));
  });

  test('VP8 WebM, 24 fps', async () => {
    const clip = await writeCellsClip(dir, 'vp8-24.webm', FRAMES, { codec: 'vp8', fps: '24' });
    const t = await probeFrameTimes('ffprobe', clip);
    expect(t!.frameRate).toEqual({ num: 24, den: 1 });
    expect(t!.times).toHaveLength(FRAMES);
    t!.times.forEach((time, k) => expect(time).toBeCloseTo(stored(k, 24, 1000), 9));
  });

  test('MP4 H.264 with B-frames, 60 fps, timescale 15360: times sorted out of decode order, exact', async () => {
    const clip = await writeCellsClip(dir, 'h264-60.mp4', FRAMES, { codec: 'h264', fps: '60', gop: 12, extraArgs: ['-video_track_timescale', '15360'] });
    const t = await probeFrameTimes('ffprobe', clip);
    expect(t!.frameRate).toEqual({ num: 60, den: 1 });
    expect(t!.timeBaseSeconds).toBeCloseTo(1 / 15360, 15);
    expect(t!.times).toHaveLength(FRAMES);
    t!.times.forEach((time, k) => expect(time).toBeCloseTo(k / 60, 9));
  });

  test('MKV H.264, 30000/1001 fps: 1 ms time base, constant rate', async () => {
    const clip = await writeCellsClip(dir, 'h264-2997.mkv', FRAMES, { codec: 'h264', fps: '30000/1001', gop: 12 });
    const t = await probeFrameTimes('ffprobe', clip);
    expect(t!.frameRate).toEqual({ num: 30000, den: 1001 });
    expect(t!.timeBaseSeconds).toBe(0.001);
    t!.times.forEach((time, k) => expect(time).toBeCloseTo(stored(k, 30000 / 1001, 1000), 9));
  });

  test('a clip stored from 0.5 s keeps its timestamps (Chromium starts such a clip at currentTime 0.5)', async () => {
    const clip = await writeCellsClip(dir, 'offset.mp4', FRAMES, { codec: 'h264', fps: '30', gop: 12, extraArgs: ['-output_ts_offset', '0.5'] });
    const t = await probeFrameTimes('ffprobe', clip);
    expect(t!.frameRate).toEqual({ num: 30, den: 1 });
    expect(t!.times[0]).toBeCloseTo(0.5, 9);
    expect(t!.times[3]).toBeCloseTo(0.6, 9);
  });

  test('an MP4 cut by stream copy: the packets its edit list drops are not frames', async () => {
    const source = await writeCellsClip(dir, 'long-gop.mp4', FRAMES, { codec: 'h264', fps: '30', gop: 12 });
    const cut = path.join(dir, 'cut.mp4');
    await exec('ffmpeg', ['-v', 'error', '-y', '-ss', '0.5', '-i', source, '-c', 'copy', cut]);
    const shown = await decodeFrameNumbers(cut);
    const t = await probeFrameTimes('ffprobe', cut);
    expect(shown[0]).toBe(15); // decoding starts at the keyframe at 12, the edit list hides 12..14
    expect(t!.times).toHaveLength(shown.length);
    expect(t!.times[0]).toBe(0);
    expect(t!.frameRate).toEqual({ num: 30, den: 1 });
  });

  test('a variable-rate MP4: frameRate null, the real times', async () => {
    const clip = path.join(dir, 'vfr.mp4');
    // Frames 0..9 two frame steps apart, then one step apart: 0, 2/30, ..., 18/30, 19/30, ...
    await exec('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=30:duration=1',
      '-vf', "setpts='if(lt(N,10),2*N,N+10)/30/TB'", '-fps_mode', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-video_track_timescale', '15360', clip,
    ]);
    const t = await probeFrameTimes('ffprobe', clip);
    expect(t!.frameRate).toBeNull();
    expect(t!.times).toHaveLength(30);
    expect(t!.times[9]).toBeCloseTo(18 / 30, 9);
    expect(t!.times[10]).toBeCloseTo(20 / 30, 9);
  });

  test('audio only: null', async () => {
    const audio = path.join(dir, 'tone.m4a');
    await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', audio]);
    await expect(probeFrameTimes('ffprobe', audio)).resolves.toBeNull();
  });

  test('a missing file: an EncodeError that names it', async () => {
    const missing = path.join(dir, 'missing.webm');
    await expect(probeFrameTimes('ffprobe', missing)).rejects.toThrow(EncodeError);
    await expect(probeFrameTimes('ffprobe', missing)).rejects.toThrow(/missing\.webm[\s\S]*Check that the file exists/);
  });
});
