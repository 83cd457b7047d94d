import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaTransport } from '../../src/cloud/lambda/lambda-transport.js';
import { WorkerFailedError } from '../../src/jobs/worker-adapter.js';
import { createWorkerMessageDecoder, type WorkerMessage } from '../../src/plan/worker-message.js';
import { CloudCredentialsError, CloudNotFoundError, CloudServiceError, RenderAbortedError } from '../../src/shared/errors.js';
import { startFakeLambda, type FakeLambda } from '../helpers/cloud/fake-lambda.js';
import { CLI_COMMAND, ROOT as root } from '../helpers/run-cli.js';

// The real runtime loop (`helios worker lambda`, or the same loop with a scripted chunk
// function) behind a protocol-faithful Lambda, called through the real @aws-sdk/client-lambda.
// No browser: the chunks are scripted or refused.

const node = (...args: string[]) => [process.execPath, '--import', 'tsx', ...args];

let fake: FakeLambda;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'helios-lambda-'));
  const env = { PATH: process.env.PATH, HELIOS_WORK_DIR: workDir };
  const scripted = node('test/helpers/cloud/scripted-lambda-worker.ts');
  fake = await startFakeLambda({
    accountConcurrency: 3,
    functions: [
      { name: 'helios-render', memoryMb: 3008, timeoutSeconds: 30, command: scripted, env, cwd: root },
      { name: 'helios-one', timeoutSeconds: 1, reservedConcurrency: 1, command: scripted, env, cwd: root },
      {
        name: 'helios-cli',
        command: [...CLI_COMMAND, 'worker', 'lambda'],
        // The execution role's credentials, as Lambda sets them: they must never reach the log.
        env: { ...env, AWS_ACCESS_KEY_ID: 'ASIAWORKERROLE000000', AWS_SECRET_ACCESS_KEY: 'worker-role-secret', AWS_SESSION_TOKEN: 'worker-role-session-token' },
        cwd: root,
      },
      { name: 'helios-failed', command: ['false'], state: { State: 'Failed', StateReasonCode: 'ImageAccessDenied', StateReason: 'Lambda does not have permission to access the ECR image.' } },
      { name: 'helios-bad-env', command: [...CLI_COMMAND, 'worker', 'lambda'], env: { ...env, HELIOS_BUCKET: 'Not_A_Bucket!' }, cwd: root },
    ],
  });
});

afterAll(async () => {
  await fake?.close();
  await rm(workDir, { recursive: true, force: true });
});

const transport = (functionName: string, env: NodeJS.ProcessEnv = fake.callerEnv) => createLambdaTransport({ functionName, region: fake.region, env });
const script = (s: { lines?: number; intervalMs?: number; hangMs?: number }) => JSON.stringify({ script: s });

/** Invokes and keeps each message with the time it arrived. */
async function invoke(functionName: string, body: string, signal = new AbortController().signal) {
  const decoder = createWorkerMessageDecoder();
  const messages: Array<{ at: number; message: WorkerMessage }> = [];
  const end = await transport(functionName).invoke(body, {
    signal,
    onText: (text) => {
      for (const decoded of decoder.push(text)) if (decoded.ok) messages.push({ at: Date.now(), message: decoded.message });
    },
  });
  return { end, endedAt: Date.now(), messages, types: messages.map((m) => m.message.type) };
}

describe('Lambda transport', () => {
  it('reads the function limits and the concurrency figures at preflight', async () => {
    const lambda = transport('helios-render');
    expect(await lambda.preflight(new AbortController().signal)).toEqual({ timeLimitSeconds: 30, memoryMb: 3008, vcpus: 2 });
    // Account 3, minus helios-one's reserved 1.
    expect(lambda.concurrency).toEqual({ reserved: null, unreserved: 2 });
    const one = transport('helios-one');
    await one.preflight(new AbortController().signal);
    expect(one.concurrency).toEqual({ reserved: 1, unreserved: 2 });
  });

  it('passes worker lines on while the invocation runs, and reuses the warm environment', async () => {
    const first = await invoke('helios-render', script({ lines: 3, intervalMs: 400 }));
    expect(first.end).toEqual({ ok: true, how: 'ended its Lambda invocation' });
    expect(first.types).toEqual(['hello', 'log', 'log', 'log']);
    // The first log line came ~1.2 s before the end: streamed, not buffered.
    expect(first.endedAt - first.messages[1]!.at).toBeGreaterThan(800);
    const second = await invoke('helios-render', '{"version":1}');
    expect(fake.invocations.at(-1)!.environmentId).toBe(fake.invocations.at(-2)!.environmentId);
    // A request the worker refuses comes back as its error message; the invocation itself succeeded.
    expect(second.types).toEqual(['hello', 'error']);
    expect(second.messages[1]!.message).toMatchObject({ type: 'error', retryable: false, message: expect.stringContaining('chunk request has') });
    expect(second.end.ok).toBe(true);
  });

  it('streams the error message of the real `helios worker lambda` process, and logs no credentials', async () => {
    const result = await invoke('helios-cli', '{"version":1,"storage":{"kind":"s3","bucket":"payload-secret-bucket"}}');
    expect(result.types).toEqual(['hello', 'error']);
    expect(result.messages[1]!.message).toMatchObject({ name: 'JobSpecError', retryable: false, message: expect.stringContaining('chunk request has') });
    expect(result.end.ok).toBe(true);
    const logs = fake.logs();
    expect(logs).toContain('helios worker lambda: pid');
    for (const secret of ['worker-role-secret', 'worker-role-session-token', 'ASIAWORKERROLE', 'payload-secret']) expect(logs).not.toContain(secret);
  });

  it('reports a runtime that cannot start through /init/error: the invocation fails with its message', async () => {
    const result = await invoke('helios-bad-env', '{}');
    expect(result.end.ok).toBe(false);
    expect(result.end.how).toMatch(/^failed on Lambda \(Runtime.InvalidOptionError: HELIOS_BUCKET must be bucket names separated by commas, got "Not_A_Bucket!"/);
  });

  it('rejects a throttled invocation as retryable, saying which limit was hit and what to do', async () => {
    const lambda = transport('helios-render');
    await lambda.preflight(new AbortController().signal);
    fake.throttleNext(1);
    const error = await lambda.invoke(script({}), { signal: new AbortController().signal, onText: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerFailedError);
    expect((error as WorkerFailedError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/account's concurrency limit \(2 unreserved .*lower --concurrency to 2 or less.*"Concurrent executions" quota/);
  });

  it('ends a timed-out invocation with Sandbox.Timedout; the function at its reserved concurrency answers 429', async () => {
    const running = invoke('helios-one', script({ lines: 1, hangMs: 5000 }));
    while (!fake.invocations.some((i) => i.functionName === 'helios-one' && i.chunks > 0)) await sleep(20);
    const lambda = transport('helios-one');
    await lambda.preflight(new AbortController().signal);
    const throttled = await lambda.invoke(script({}), { signal: new AbortController().signal, onText: () => {} }).catch((e: unknown) => e);
    expect((throttled as Error).message).toMatch(/reserved concurrency \(1\) was hit: lower --concurrency to 1 or less/);
    const result = await running;
    expect(result.end.ok).toBe(false);
    expect(result.end.how).toMatch(/^failed on Lambda \(Sandbox.Timedout: .*Task timed out after 1.00 seconds\)$/);
    expect(result.types).toEqual(['hello', 'log']);
  });

  it('ends an invocation whose environment was killed as failed, and starts a fresh environment for the next', async () => {
    fake.onPayloadChunk = (invocation) => {
      if (invocation.chunks === 2) invocation.kill();
    };
    const killed = await invoke('helios-render', script({ lines: 5, intervalMs: 200 }));
    fake.onPayloadChunk = null;
    expect(killed.end).toEqual({ ok: false, how: expect.stringMatching(/^failed on Lambda \(Runtime.ExitError: .*signal: killed\)$/) });
    expect(killed.types.length).toBeLessThan(6);
    const before = fake.invocations.at(-1)!.environmentId!;
    expect(fake.environments[before]!.dead).toBe(true);
    const next = await invoke('helios-render', script({ lines: 1 }));
    expect(next.end.ok).toBe(true);
    expect(fake.invocations.at(-1)!.environmentId).not.toBe(before);
  });

  it('turns a cancelled render into RenderAbortedError', async () => {
    const controller = new AbortController();
    fake.onPayloadChunk = () => controller.abort();
    const error = await invoke('helios-render', script({ lines: 1, hangMs: 5000 }), controller.signal).catch((e: unknown) => e);
    fake.onPayloadChunk = null;
    expect(error).toBeInstanceOf(RenderAbortedError);
  });

  it('names a missing function and where to deploy it', async () => {
    const error = await transport('helios-missing').preflight(new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudNotFoundError);
    expect((error as Error).message).toBe(
      'Lambda function helios-missing in region us-east-1 not found: deploy it with `helios lambda deploy --image <uri>`, or pass --function/--region',
    );
    const invokeError = await transport('helios-missing').invoke('{}', { signal: new AbortController().signal, onText: () => {} }).catch((e: unknown) => e);
    expect(invokeError).toBeInstanceOf(CloudNotFoundError);
  });

  it('refuses a function in state Failed at preflight, with its reason', async () => {
    const error = await transport('helios-failed').preflight(new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudServiceError);
    expect((error as Error).message).toBe(
      'Lambda function helios-failed in us-east-1 is in state Failed (ImageAccessDenied: Lambda does not have permission to access the ECR image.): deploy it again with `helios lambda deploy --image <uri>`',
    );
  });

  it('answers plain Invoke with the buffered payload, and X-Amz-Function-Error when the invocation failed', async () => {
    const client = new LambdaClient({ region: fake.region, endpoint: fake.endpoint, credentials: { accessKeyId: fake.callerEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: 'x' }, maxAttempts: 1 });
    const ok = await client.send(new InvokeCommand({ FunctionName: 'helios-render', Payload: Buffer.from(script({ lines: 2 })) }));
    expect(ok.FunctionError).toBeUndefined();
    expect(Buffer.from(ok.Payload!).toString('utf8').trim().split('\n').map((line) => JSON.parse(line).type)).toEqual(['hello', 'log', 'log']);
    fake.onPayloadChunk = (invocation) => invocation.kill();
    const killed = await client.send(new InvokeCommand({ FunctionName: 'helios-render', Payload: Buffer.from(script({ lines: 3, intervalMs: 100 })) }));
    fake.onPayloadChunk = null;
    expect(killed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(killed.Payload!).toString('utf8'))).toMatchObject({ errorType: 'Runtime.ExitError' });
  });

  it('says which credentials to check when AWS refuses them', async () => {
    const env = { ...fake.callerEnv, AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000000' };
    const error = await transport('helios-render', env).preflight(new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudCredentialsError);
    expect((error as Error).message).toMatch(/UnrecognizedClientException: The security token included in the request is invalid\.\): check AWS_ACCESS_KEY_ID/);
    expect((error as Error).message).not.toContain('fake-secret-access-key');
  });

  it('leaves the concurrency figures unknown when the caller may not read them', async () => {
    const denied = await startFakeLambda({ functions: [{ name: 'helios-render', command: ['false'] }], deny: ['GetAccountSettings', 'GetFunctionConcurrency'] });
    try {
      const lambda = createLambdaTransport({ functionName: 'helios-render', region: denied.region, env: denied.callerEnv });
      expect(await lambda.preflight(new AbortController().signal)).toMatchObject({ timeLimitSeconds: 60 });
      expect(lambda.concurrency).toEqual({ reserved: null, unreserved: null });
    } finally {
      await denied.close();
    }
  });

  it('stops the runtime cleanly on SIGTERM', async () => {
    const cli = fake.invocations.find((i) => i.functionName === 'helios-cli')!;
    const idle = fake.environments[cli.environmentId!]!;
    expect(idle.dead).toBe(false);
    process.kill(idle.pid!, 'SIGTERM');
    while (!idle.exitStatus) await sleep(20);
    expect(idle.exitStatus).toBe('exit status 0');
  });
});
