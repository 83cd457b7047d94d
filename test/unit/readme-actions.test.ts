import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-cli.js';
import { PLAN_INPUTS, PLAN_OUTPUTS } from '../../src/actions/plan/inputs.js';
import { RENDER_INPUTS, RENDER_OUTPUTS } from '../../src/actions/render/inputs.js';
import { STITCH_INPUTS, STITCH_OUTPUTS } from '../../src/actions/stitch/inputs.js';
import { PIPELINE_INPUTS, PIPELINE_OUTPUTS } from '../../src/actions/pipeline/inputs.js';

const ACTIONS = [
  ['action.yml', PIPELINE_INPUTS, PIPELINE_OUTPUTS, 'dist/pipeline/index.js'],
  ['actions/plan/action.yml', PLAN_INPUTS, PLAN_OUTPUTS, 'dist/plan/index.js'],
  ['actions/render/action.yml', RENDER_INPUTS, RENDER_OUTPUTS, 'dist/render/index.js'],
  ['actions/stitch/action.yml', STITCH_INPUTS, STITCH_OUTPUTS, 'dist/stitch/index.js'],
] as const;

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe.each(ACTIONS)('%s', (file, inputs, outputs, bundle) => {
  const action = parse(readFileSync(path.join(ROOT, file), 'utf8'));

  test('declares exactly the inputs and outputs its code reads and writes', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(outputs).sort());
  });

  test('runs its committed bundle on node24', () => {
    expect(action.runs.using).toBe('node24');
    expect(path.normalize(path.join(path.dirname(file), action.runs.main))).toBe(bundle);
  });

  test('the README documents every input and output', () => {
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(readme).toContain(`| \`${name}\` |`);
  });
});
