import os from 'node:os';
import path from 'node:path';
import { workerServeOptionsFromFlags } from '../../src/cli/worker-command.js';
import { InvalidOptionError } from '../../src/shared/errors.js';

const TOKEN = '0123456789abcdef0123';

test('port from --port, else PORT (Cloud Run sets it), else 8080; buckets and work dir from the environment', () => {
  expect(workerServeOptionsFromFlags({}, { HELIOS_WORKER_TOKEN: TOKEN })).toMatchObject({
    auth: { mode: 'token', token: TOKEN },
    port: 8080,
    host: '0.0.0.0',
    workDir: path.join(os.tmpdir(), 'helios-worker'),
    allowedBuckets: [],
  });
  const env = { HELIOS_WORKER_TOKEN: TOKEN, PORT: '9000', HELIOS_WORK_DIR: '/srv/work', HELIOS_BUCKET: 'one-bucket, two-bucket,' };
  expect(workerServeOptionsFromFlags({}, env)).toMatchObject({ port: 9000, workDir: '/srv/work', allowedBuckets: ['one-bucket', 'two-bucket'] });
  expect(workerServeOptionsFromFlags({ port: '7000', host: '127.0.0.1' }, env)).toMatchObject({ port: 7000, host: '127.0.0.1' });
});

test('token mode needs a HELIOS_WORKER_TOKEN of 16 characters or more; cloud-run-iam needs none', () => {
  expect(() => workerServeOptionsFromFlags({}, {})).toThrow(/HELIOS_WORKER_TOKEN is not set/);
  const short = (() => {
    try {
      workerServeOptionsFromFlags({ auth: 'token' }, { HELIOS_WORKER_TOKEN: 'sekrit-value' });
    } catch (error) {
      return error as Error;
    }
  })();
  expect(short).toBeInstanceOf(InvalidOptionError);
  expect(short?.message).toMatch(/too short \(12 characters, at least 16\)/);
  expect(short?.message).not.toContain('sekrit-value');
  expect(workerServeOptionsFromFlags({ auth: 'cloud-run-iam' }, {}).auth).toEqual({ mode: 'cloud-run-iam' });
});

test('bad --auth and --port values name the flag', () => {
  expect(() => workerServeOptionsFromFlags({ auth: 'none' }, {})).toThrow(InvalidOptionError);
  expect(() => workerServeOptionsFromFlags({ auth: 'none' }, {})).toThrow(/auth must be one of token, cloud-run-iam/);
  expect(() => workerServeOptionsFromFlags({ port: '70000' }, { HELIOS_WORKER_TOKEN: TOKEN })).toThrow(/port must be between 0 and 65535/);
});
