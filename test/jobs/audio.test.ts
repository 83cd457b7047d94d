import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, probeTimestamps, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
  // A continuous 440 Hz tone longer than the video.
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=8', path.join(dir, 'tone.wav')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function streamDuration(file: string, stream: 'v' | 'a'): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-select_streams', `${stream}:0`, '-show_entries', 'stream=duration', '-of', 'csv=p=0', file]).toString().trim());
}

/** Silences of 5 ms or more (below -50 dB) that start within the first `seconds` of the audio. */
function silences(file: string, seconds: number): string[] {
  const run = spawnSync('ffmpeg', ['-v', 'info', '-nostats', '-i', file, '-t', String(seconds), '-af', 'silencedetect=n=-50dB:d=0.005', '-f', 'null', '-']);
  expect(run.status).toBe(0);
  // The encoder's padding after the end reads as silence at exactly `seconds`: not a gap.
  return run.stderr
    .toString()
    .split('\n')
    .filter((l) => l.includes('silence_start'))
    .filter((l) => Number(l.split('silence_start:')[1]) < seconds - 0.01);
}

const ONE_AAC_FRAME = 1024 / 48000;

test.each([
  ['--concurrency 3', ['--concurrency', '3']],
  ['one process', []],
])('an <audio> tone rendered with %s: durations agree, no silence at the seams', async (_, flags) => {
  const page = writeFixture(dir, 'tone-page', fixtureHtml('raf', 'canvas', {
    frames: 120,
    extraBody: '<audio src="tone.wav" autoplay></audio>',
  }));
  const out = path.join(dir, `tone-${flags.length}.mp4`);
  const r = await runCli(['render', page, '-o', out, ...flags, '--jobs-dir', path.join(dir, 'jobs')]);
  expectSuccess(r);
  expect(r.stderr).toContain('mixed 1 audio clip into one track over 4.000s');
  const video = streamDuration(out, 'v');
  const audio = streamDuration(out, 'a');
  expect(video).toBeCloseTo(4, 6);
  expect(Math.abs(audio - video)).toBeLessThanOrEqual(ONE_AAC_FRAME);
  // Seams at 40 and 80 frames (1.333 s, 2.667 s) for three chunks: no gap anywhere.
  expect(silences(out, 4)).toEqual([]);
  expect(await decodeFrameNumbers(out)).toEqual(range(0, 120));
  // Frame i at exactly i / 30 s: nothing (such as a segment's AAC priming) shifted the video.
  const { pts } = await probeTimestamps(out);
  expect(pts).toEqual(range(0, 120).map((i) => i * 3000));
});

test('--audio adds a soundtrack from t = 0', async () => {
  const page = writeFixture(dir, 'silent-page', fixtureHtml('raf', 'canvas', { frames: 60 }));
  const out = path.join(dir, 'soundtrack.mp4');
  expectSuccess(await runCli(['render', page, '-o', out, '--audio', path.join(dir, 'tone.wav'), '--concurrency', '2', '--jobs-dir', path.join(dir, 'jobs')]));
  expect(Math.abs(streamDuration(out, 'a') - 2)).toBeLessThanOrEqual(ONE_AAC_FRAME);
  expect(silences(out, 2)).toEqual([]);
});

// Split: the stitch is where the sound is made (one process skips the same addAudio call).
test.each([
  ['--concurrency 2', ['--concurrency', '2']],
])('--muted leaves out the page\'s sound (%s)', async (_, flags) => {
  const page = writeFixture(dir, 'muted-page', fixtureHtml('raf', 'canvas', { frames: 60, extraBody: '<audio src="tone.wav" autoplay></audio>' }));
  const out = path.join(dir, `muted-${flags.length}.mp4`);
  expectSuccess(await runCli(['render', page, '-o', out, '--muted', ...flags, '--jobs-dir', path.join(dir, 'jobs')]));
  const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', out]).toString().trim().split('\n');
  expect(streams).toEqual(['video']);
  expect(await decodeFrameNumbers(out)).toEqual(range(0, 60));
});
