import { describeError, formatStacks } from '../../src/shared/describe-error.js';
import { EncodeError, HeliosError, InvalidOptionError, PublishError } from '../../src/shared/errors.js';
import { githubStep } from '../../src/github/github-step.js';

test('a next step is appended to the message and kept as a field, with the data and the cause', () => {
  const cause = new Error('spawn ENOENT');
  const error = new EncodeError('ffmpeg failed', { cause, nextStep: 'pass --ffmpeg <path>', args: ['-i', 'x'], toolExit: 1, stderrTail: 'boom' });
  expect(error.message).toBe('ffmpeg failed: pass --ffmpeg <path>');
  expect(error.nextStep).toBe('pass --ffmpeg <path>');
  expect([error.args, error.toolExit, error.stderrTail, error.cause]).toEqual([['-i', 'x'], 1, 'boom', cause]);
  expect(error.name).toBe('EncodeError');
  expect(new InvalidOptionError('bad --fps').message).toBe('bad --fps');
});

test('describeError adds the causes a message does not quote; formatStacks lists every stack', () => {
  const root = new Error('EACCES: permission denied');
  const quoted = new HeliosError(`cannot write out.mp4: ${root.message}`, { cause: root });
  expect(describeError(quoted)).toBe('cannot write out.mp4: EACCES: permission denied');
  const wrapper = new Error('upload failed', { cause: root });
  expect(describeError(wrapper)).toBe('upload failed\ncaused by: EACCES: permission denied');
  expect(describeError('plain text')).toBe('plain text');
  const stacks = formatStacks(wrapper);
  expect(stacks).toMatch(/^Error: upload failed\n\s+at /);
  expect(stacks).toContain('caused by: Error: EACCES: permission denied');
});

test('githubStep turns an API failure into a PublishError, with the permissions to grant when refused', async () => {
  const refused = Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
  const error = await githubStep('upload out.mp4 to release v1', () => Promise.reject(refused)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  expect((error as PublishError).message).toMatch(/^could not upload out.mp4 to release v1: Resource not accessible by integration: give the job `permissions: contents: write`/);
  expect((error as PublishError).cause).toBe(refused);
  const own = new InvalidOptionError('no token');
  await expect(githubStep('comment', () => Promise.reject(own))).rejects.toBe(own);
  await expect(githubStep('comment', async () => 'url')).resolves.toBe('url');
});
