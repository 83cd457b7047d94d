import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseSequencePattern, writePngSequence } from '../../src/encode/png-sequence.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { range } from '../helpers/frames.js';
import { decodeRgba, expectedBottom, readFrame, TOTAL, writeJoinedIntermediate } from '../helpers/intermediates.js';

const exec = promisify(execFile);

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([true, false])('PNG sequence from joined intermediates, alpha %p', (alpha) => {
  test('one file per frame, numbered from startNumber, pixels (and alpha) as rendered', async () => {
    const work = path.join(dir, `work-${alpha}`);
    mkdirSync(work);
    const input = await writeJoinedIntermediate(work, '30', alpha);
    const target = parseSequencePattern(path.join(dir, `frames-${alpha}`, 'sub', '%04d.png'))!;
    await writePngSequence({ ffmpeg: 'ffmpeg', input, ...target, startNumber: 7 });

    const names = range(7, TOTAL).map((n) => `${String(n).padStart(4, '0')}.png`);
    expect(readdirSync(target.dir).sort()).toEqual(names);
    const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', path.join(target.dir, names[0])]);
    expect(stdout.trim()).toBe(alpha ? 'rgba' : 'rgb24');

    const frames = (await decodeRgba(path.join(target.dir, target.pattern), ['-start_number', '7'])).map(readFrame);
    expect(frames.map((f) => f.n)).toEqual(range(0, TOTAL));
    expect(frames.map((f) => f.bottom)).toEqual(range(0, TOTAL).map((n) => expectedBottom(n, alpha)));
  });
});
