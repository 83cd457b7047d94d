import { readPipelineInputs } from '../../src/actions/pipeline/inputs.js';
import { readStitchInputs } from '../../src/actions/stitch/inputs.js';

// The actions' input readers run in this process: what they write to stdout is what the runner
// reads as workflow commands (@actions/core's setSecret prints `::add-mask::<value>`).
const TOKEN = 'ghs_secretTOKEN0123456789';
let saved: NodeJS.ProcessEnv;
let written: string[];
const realWrite = process.stdout.write;

beforeEach(() => {
  saved = { ...process.env };
  written = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
});
afterEach(() => {
  process.stdout.write = realWrite;
  process.env = saved;
});

const setInputs = (inputs: Record<string, string>) => {
  for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v;
};

test('the root action masks its github-token before it reads any other input', () => {
  // A bad concurrency input fails after the token is read: the mask is already out.
  setInputs({ 'github-token': ` ${TOKEN} `, composition: 'compositions/film.html', concurrency: 'lots' });
  expect(() => readPipelineInputs()).toThrow(/concurrency/);
  expect(written[0]).toBe(`::add-mask::${TOKEN}\n`);
  expect(written.filter((w) => w.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}\n`]);
});

test('the stitch action masks its github-token before it reads the job spec', () => {
  setInputs({ 'github-token': TOKEN, job: '{"not": "a job spec"}' });
  expect(() => readStitchInputs()).toThrow();
  expect(written).toEqual([`::add-mask::${TOKEN}\n`]);
});

test('an empty token registers no mask', () => {
  setInputs({ 'github-token': '', composition: 'film.html', concurrency: '2' });
  expect(readPipelineInputs().publish.githubToken).toBe('');
  expect(written.join('')).not.toContain('::add-mask::');
});
