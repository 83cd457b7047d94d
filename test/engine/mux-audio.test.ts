import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AUDIO_SAMPLE_RATE, buildMuxAudioArgs, libavformatNeedsOpusShift, muxAudio, type AudioClip } from '../../src/encode/mux-audio.js';
import { probeMedia, probeVideoFrames } from '../../src/encode/probe-media.js';
import { concatSegments } from '../../src/encode/stitch-segments.js';
import { EncodeError, InvalidOptionError } from '../../src/shared/errors.js';
import { parseFrameRate } from '../../src/shared/fps.js';

const exec = promisify(execFile);

const FPS = parseFrameRate('30');
const SEGMENT_FRAMES = 30;
const SEGMENTS = 3;
const DURATION = (SEGMENT_FRAMES * SEGMENTS) / 30;
/** One AAC frame at 48 kHz: the most the audio and video ends may differ by. */
const AAC_FRAME = 1024 / AUDIO_SAMPLE_RATE;

const clip = (source: string, startSeconds = 0, extra: Partial<AudioClip> = {}): AudioClip => ({ source, startSeconds, volume: 1, loop: false, ...extra });

async function ffmpeg(args: string[]): Promise<string> {
  const { stderr } = await exec('ffmpeg', ['-hide_banner', '-nostdin', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stderr;
}

/** Renders frames [first, first+count) of a test pattern as one closed-GOP segment, like the renderer does. */
async function makeSegment(file: string, first: number, format: 'mp4' | 'webm'): Promise<void> {
  const codec =
    format === 'webm'
      ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0', '-crf', '40', '-g', '30', '-keyint_min', '30', '-f', 'webm']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-x264-params', 'open-gop=0',
         '-f', 'mp4', '-movflags', '+faststart', '-video_track_timescale', '90000'];
  await ffmpeg([
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=256x64:r=30',
    '-vf', `trim=start_frame=${first}:end_frame=${first + SEGMENT_FRAMES},setpts=PTS-STARTPTS`,
    '-frames:v', String(SEGMENT_FRAMES), '-pix_fmt', 'yuv420p', '-an', ...codec, file,
  ]);
}

/** Three video-only segments of 30 frames, stitched by stream copy. */
async function makeStitchedVideo(dir: string, format: 'mp4' | 'webm'): Promise<string> {
  const segments = [];
  for (let i = 0; i < SEGMENTS; i++) {
    const file = path.join(dir, `segment-${i}.${format}`);
    await makeSegment(file, i * SEGMENT_FRAMES, format);
    segments.push({ path: file, frameCount: SEGMENT_FRAMES });
  }
  const output = path.join(dir, `stitched.${format}`);
  await concatSegments('ffmpeg', segments, { fps: FPS, format, codec: format === 'webm' ? 'vp9' : 'h264' }, output);
  return output;
}

async function makeTone(file: string, seconds: number): Promise<string> {
  await ffmpeg(['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, file]);
  return file;
}

/**
 * Per-packet hashes and timestamps of the video stream, read by stream copy: equal only if
 * not re-encoded. -copyts: the file's own timestamps, not shifted to the earliest stream's start.
 */
async function videoPackets(file: string): Promise<string> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-copyts', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((l) => l && !l.startsWith('#')).join('\n');
}

/**
 * Duration of each stream in seconds: the stream's own duration when the container stores
 * one (MP4), else from its packets (WebM), the first packet's start to the last one's end.
 */
async function streamDurations(file: string): Promise<{ video: number; audio: number | null }> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,duration,time_base:packet=stream_index,pts,duration', '-of', 'json', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const json = JSON.parse(stdout) as {
    streams: Array<{ codec_type: string; duration?: string; time_base: string }>;
    packets: Array<{ stream_index: number; pts?: number; duration?: number }>;
  };
  const of = (type: string): number | null => {
    const index = json.streams.findIndex((s) => s.codec_type === type);
    if (index < 0) return null;
    const stream = json.streams[index];
    if (stream.duration !== undefined && stream.duration !== 'N/A') return Number(stream.duration);
    const [num, den] = stream.time_base.split('/').map(Number);
    const packets = json.packets.filter((p) => p.stream_index === index && p.pts !== undefined);
    const start = Math.min(...packets.map((p) => p.pts!));
    const end = Math.max(...packets.map((p) => p.pts! + (p.duration ?? 0)));
    return ((end - start) * num) / den;
  };
  return { video: of('video')!, audio: of('audio') };
}

/** Presentation time of the first decoded video frame and of the first decoded audio frame (after the decoder drops priming samples). */
async function decodedStarts(file: string): Promise<{ video: number; audio: number }> {
  const first = async (stream: string) => {
    const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', stream, '-read_intervals', '%+#1', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file]);
    return Number(stdout.trim().split('\n')[0]);
  };
  return { video: await first('v:0'), audio: await first('a:0') };
}

/** The decoded audio: first frame's time, samples after the decoder drops priming and padding, and where it ends. */
async function decodedAudio(file: string): Promise<{ start: number; samples: number; end: number }> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'frame=pts_time,nb_samples', '-of', 'csv=p=0', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const frames = stdout.trim().split('\n').map((line) => line.split(',').map(Number));
  const samples = frames.reduce((sum, [, n]) => sum + n, 0);
  return { start: frames[0][0], samples, end: frames[0][0] + samples / AUDIO_SAMPLE_RATE };
}

interface Silence {
  start: number;
  end: number;
}

/**
 * Silent stretches of the decoded audio, up to `duration` (the decoder also emits the
 * encoder's trailing padding, which the container's edit list hides from players).
 */
async function silences(file: string, duration: number, minSeconds = 0.005): Promise<Silence[]> {
  const stderr = await ffmpeg(['-copyts', '-i', file, '-map', '0:a:0', '-af', `atrim=end=${duration},silencedetect=n=-50dB:d=${minSeconds}`, '-f', 'null', '-']);
  const found: Silence[] = [];
  for (const match of stderr.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    if (match[1] === 'start') found.push({ start: Number(match[2]), end: duration });
    else if (found.length) found[found.length - 1].end = Number(match[2]);
  }
  return found;
}

/** Figures the report prints at the end. */
const measured: Record<string, unknown> = {};

describe('buildMuxAudioArgs', () => {
  const filterOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1];

  test('mp4: copies video, mixes once, AAC 192k 48 kHz, exact length, keeps the timescale', () => {
    const args = buildMuxAudioArgs('in.mp4', [clip('a.wav', 1.5, { volume: 0.5 })], 3, 'out.mp4', 'mp4', { videoTimescale: 90000 });
    expect(args.slice(args.indexOf('-c:v'), args.indexOf('-c:v') + 2)).toEqual(['-c:v', 'copy']);
    expect(args.join(' ')).toContain('-c:a aac -b:a 192k -ar 48000 -ac 2');
    expect(args.join(' ')).toContain('-f mp4 -movflags +faststart -video_track_timescale 90000');
    expect(args.join(' ')).toContain('-map 0:v:0 -map [aout]');
    expect(args.at(-1)).toBe('out.mp4');
    const filter = filterOf(args);
    expect(filter).toContain('[1:a:0]');
    expect(filter).toContain('atrim=start_sample=0:end_sample=72000');
    expect(filter).toContain('volume=0.5,adelay=delays=72000S:all=1[a0]');
    expect(filter).toContain('amix=inputs=1:duration=longest:dropout_transition=0:normalize=0');
    expect(filter).toContain('apad=whole_len=144000,atrim=end_sample=144000[aout]');
    expect(args).not.toContain('-stream_loop');
  });

  test('webm: Opus 160k 48 kHz, no MP4 flags', () => {
    const args = buildMuxAudioArgs('in.webm', [clip('a.ogg')], 2, 'out.webm', 'webm', { videoTimescale: 90000 }).join(' ');
    expect(args).toContain('-c:a libopus -b:a 160k -ar 48000');
    expect(args).toContain('-f webm out.webm');
    expect(args).not.toContain('movflags');
    expect(args).not.toContain('video_track_timescale');
  });

  test('webm with an old Matroska muxer: Opus packets shifted to start at 0, nothing else changes', () => {
    const plain = buildMuxAudioArgs('in.webm', [clip('a.ogg')], 2, 'out.webm', 'webm');
    const shifted = buildMuxAudioArgs('in.webm', [clip('a.ogg')], 2, 'out.webm', 'webm', { shiftOpusPreSkip: true });
    expect(shifted.join(' ')).toBe(plain.join(' ').replace('-b:a 160k', '-b:a 160k -bsf:a setts=ts=TS-STARTPTS'));
    expect(buildMuxAudioArgs('in.mp4', [clip('a.ogg')], 2, 'out.mp4', 'mp4', { shiftOpusPreSkip: true })).not.toContain('-bsf:a');
  });

  test('libavformat 59.30 and older need the Opus shift', () => {
    expect(libavformatNeedsOpusShift('libavutil      57. 28.100 / 57. 28.100\nlibavformat    59. 27.100 / 59. 27.100')).toBe(true);
    expect(libavformatNeedsOpusShift('libavformat    58. 76.100 / 58. 76.100')).toBe(true);
    expect(libavformatNeedsOpusShift('libavformat    59. 31.100 / 59. 31.100')).toBe(false);
    expect(libavformatNeedsOpusShift('libavformat    60. 16.100 / 60. 16.100')).toBe(false);
    expect(libavformatNeedsOpusShift('ffmpeg version N-1234')).toBe(false);
  });

  test('looped clips get -stream_loop -1 on their own input only; each clip has its own chain', () => {
    const args = buildMuxAudioArgs('in.mp4', [clip('a.wav'), clip('b.wav', 0.25, { loop: true })], 3, 'out.mp4', 'mp4');
    expect(args.slice(args.indexOf('in.mp4') + 1, args.indexOf('-filter_complex'))).toEqual(['-i', 'a.wav', '-stream_loop', '-1', '-i', 'b.wav']);
    const filter = filterOf(args);
    expect(filter).toContain('[2:a:0]');
    expect(filter).toContain('adelay=delays=12000S:all=1[a1]');
    expect(filter).toContain('[a0][a1]amix=inputs=2');
    expect(args).not.toContain('-video_track_timescale');
  });

  test('a clip starting before 0 loses its beginning; one starting at or after the end is dropped', () => {
    const args = buildMuxAudioArgs('in.mp4', [clip('early.wav', -0.5), clip('late.wav', 3)], 3, 'out.mp4', 'mp4');
    expect(args).not.toContain('late.wav');
    expect(filterOf(args)).toContain('atrim=start_sample=24000:end_sample=168000');
    expect(filterOf(args)).toContain('adelay=delays=0S:all=1');
  });

  test('no audible clip: the video is remuxed as is, without audio', () => {
    const args = buildMuxAudioArgs('in.mp4', [], 3, 'out.mp4', 'mp4', { videoTimescale: 90000 });
    expect(args).toEqual(['-hide_banner', '-loglevel', 'error', '-y', '-i', 'in.mp4', '-map', '0:v:0', '-c', 'copy', '-an',
      '-f', 'mp4', '-movflags', '+faststart', '-video_track_timescale', '90000', 'out.mp4']);
  });

  test('bad values are refused with the clip named', () => {
    expect(() => buildMuxAudioArgs('in.mp4', [clip('a.wav', 0, { volume: -1 })], 3, 'o.mp4', 'mp4')).toThrow(InvalidOptionError);
    expect(() => buildMuxAudioArgs('in.mp4', [clip('a.wav', NaN)], 3, 'o.mp4', 'mp4')).toThrow(/audio clip 1 \(a\.wav\)/);
    expect(() => buildMuxAudioArgs('in.mp4', [clip('a.wav')], 0, 'o.mp4', 'mp4')).toThrow(InvalidOptionError);
  });
});

describe('muxAudio over three stitched segments (real ffmpeg)', () => {
  let dir: string;
  let stitched: string;
  let tone10: string;
  const base = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', durationSeconds: DURATION, format: 'mp4' as const };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'helios-mux-audio-'));
    stitched = await makeStitchedVideo(dir, 'mp4');
    tone10 = await makeTone(path.join(dir, 'tone-10s.wav'), 10);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`mux-audio measured figures:\n${JSON.stringify(measured, null, 2)}\n`);
  });

  test('the stitched input has exactly 90 frames with one constant step', async () => {
    const { frames, timeBase, pts } = await probeVideoFrames('ffprobe', stitched);
    expect(frames).toBe(90);
    expect(timeBase).toBe('1/90000');
    expect(new Set(pts.slice(1).map((p, i) => p - pts[i]))).toEqual(new Set([3000]));
    expect(await probeMedia('ffprobe', stitched)).toEqual({ hasAudio: false, hasVideo: true, durationSeconds: 3, videoTimeBase: '1/90000' });
  });

  test('a continuous tone from 0: lengths agree, no silence at the seams, video copied bit for bit', async () => {
    const output = path.join(dir, 'tone.mp4');
    expect(await muxAudio({ ...base, video: stitched, clips: [clip(tone10)], output })).toEqual({ clipsUsed: 1 });
    const d = await streamDurations(output);
    measured.continuousMp4 = { ...d, differenceMs: (d.audio! - d.video) * 1000, decodedAudio: await decodedAudio(output) };
    expect(d.video).toBeCloseTo(DURATION, 6);
    expect(Math.abs(d.audio! - d.video)).toBeLessThanOrEqual(AAC_FRAME);
    const gaps = await silences(output, DURATION);
    measured.continuousMp4Silences = gaps;
    expect(gaps).toEqual([]);
    expect(await videoPackets(output)).toBe(await videoPackets(stitched));
    const frames = await probeVideoFrames('ffprobe', output);
    expect(frames.frames).toBe(90);
    expect(frames.timeBase).toBe('1/90000');
  });

  test('control: the silence check does find the seams that per-segment AAC leaves', async () => {
    const segments = [];
    for (let i = 0; i < SEGMENTS; i++) {
      const file = path.join(dir, `with-aac-${i}.mp4`);
      await ffmpeg([
        '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=256x64:r=30', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=10',
        '-filter_complex', `[0:v]trim=start_frame=${i * 30}:end_frame=${i * 30 + 30},setpts=PTS-STARTPTS[v];[1:a]atrim=start=${i}:end=${i + 1},asetpts=PTS-STARTPTS[a]`,
        '-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-c:a', 'aac', '-ar', '48000', '-video_track_timescale', '90000', file,
      ]);
      segments.push(`file '${file}'\nduration 1\n`);
    }
    const list = path.join(dir, 'with-aac.txt');
    writeFileSync(list, `ffconcat version 1.0\n${segments.join('')}`);
    const joined = path.join(dir, 'with-aac.mp4');
    await ffmpeg(['-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', joined]);
    const gaps = await silences(joined, DURATION);
    measured.controlPerSegmentAacSilences = gaps;
    for (const seam of [1, 2]) expect(gaps.some((g) => g.start < seam + 0.03 && g.end > seam)).toBe(true);
  });

  test('a clip starting at 1.5 s: silence before, tone after', async () => {
    const output = path.join(dir, 'late.mp4');
    await muxAudio({ ...base, video: stitched, clips: [clip(tone10, 1.5)], output });
    const gaps = await silences(output, DURATION);
    measured.startAt1500ms = gaps;
    expect(gaps).toHaveLength(1);
    expect(gaps[0].start).toBeCloseTo(0, 3);
    expect(Math.abs(gaps[0].end - 1.5)).toBeLessThanOrEqual(0.025);
    const d = await streamDurations(output);
    expect(Math.abs(d.audio! - d.video)).toBeLessThanOrEqual(AAC_FRAME);
  });

  test('a looped 0.4 s clip covers the whole video without gaps', async () => {
    const short = await makeTone(path.join(dir, 'tone-0.4s.wav'), 0.4);
    const output = path.join(dir, 'loop.mp4');
    expect(await muxAudio({ ...base, video: stitched, clips: [clip(short, 0, { loop: true })], output })).toEqual({ clipsUsed: 1 });
    const gaps = await silences(output, DURATION, 0.003);
    measured.loopSilencesOver3ms = gaps;
    expect(gaps).toEqual([]);
    const d = await streamDurations(output);
    measured.loopMp4 = d;
    expect(Math.abs(d.audio! - d.video)).toBeLessThanOrEqual(AAC_FRAME);
    // Not looped, the same clip stops after 0.4 s.
    const once = path.join(dir, 'once.mp4');
    await muxAudio({ ...base, video: stitched, clips: [clip(short)], output: once });
    const tail = await silences(once, DURATION);
    expect(tail).toHaveLength(1);
    expect(Math.abs(tail[0].start - 0.4)).toBeLessThanOrEqual(0.025);
  });

  test('a clip source without audio is skipped; with none left the video is copied without audio', async () => {
    const output = path.join(dir, 'skip.mp4');
    expect(await muxAudio({ ...base, video: stitched, clips: [clip(stitched), clip(tone10)], output })).toEqual({ clipsUsed: 1 });
    expect(await silences(output, DURATION)).toEqual([]);

    const silentOut = path.join(dir, 'silent.mp4');
    expect(await muxAudio({ ...base, video: stitched, clips: [clip(stitched)], output: silentOut })).toEqual({ clipsUsed: 0 });
    expect((await probeMedia('ffprobe', silentOut)).hasAudio).toBe(false);
    expect(await videoPackets(silentOut)).toBe(await videoPackets(stitched));
  });

  test('a missing clip source fails with an EncodeError naming it', async () => {
    const missing = path.join(dir, 'nope.wav');
    const run = muxAudio({ ...base, video: stitched, clips: [clip(missing)], output: path.join(dir, 'x.mp4') });
    await expect(run).rejects.toThrow(EncodeError);
    await expect(run).rejects.toThrow(missing);
  });

  test('probeMedia reads an http URL', async () => {
    const size = statSync(tone10).size;
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': size });
      createReadStream(tone10).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tone.wav`;
      const info = await probeMedia('ffprobe', url);
      expect(info).toMatchObject({ hasAudio: true, hasVideo: false, videoTimeBase: null });
      expect(info.durationSeconds).toBeCloseTo(10, 1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('webm: Opus over stitched VP9, gapless and the video copied', async () => {
    const webmDir = path.join(dir, 'webm');
    mkdirSync(webmDir);
    const video = await makeStitchedVideo(webmDir, 'webm');
    const output = path.join(webmDir, 'tone.webm');
    expect(await muxAudio({ ...base, format: 'webm', video, clips: [clip(tone10)], output })).toEqual({ clipsUsed: 1 });
    const info = await probeMedia('ffprobe', output);
    expect(info.hasAudio && info.hasVideo).toBe(true);
    // WebM stores no stream durations: the video's comes from its packets, the audio's from
    // decoding (Opus pre-skip and end padding dropped), which must give 3 s of samples.
    const d = await streamDurations(output);
    const audio = await decodedAudio(output);
    measured.continuousWebm = { video: d.video, audioPacketSpan: d.audio, decodedAudio: audio };
    expect(d.video).toBeCloseTo(DURATION, 6);
    expect(Math.abs(audio.samples - DURATION * AUDIO_SAMPLE_RATE)).toBeLessThanOrEqual(960);
    expect(Math.abs(audio.end - d.video)).toBeLessThanOrEqual(0.02);
    const gaps = await silences(output, DURATION);
    measured.continuousWebmSilences = gaps;
    expect(gaps).toEqual([]);
    expect(await videoPackets(output)).toBe(await videoPackets(video));
    // The first audible sample and the first frame both play at 0 (Opus pre-skip accounted for).
    const starts = await decodedStarts(output);
    measured.webmDecodedStarts = starts;
    expect(Math.abs(starts.audio - starts.video)).toBeLessThanOrEqual(0.001);
    expect(starts.video).toBe(0);
  });
});
