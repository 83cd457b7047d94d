import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudCredentialsError, HeliosError } from '../../src/shared/errors.js';
import { describeCliError } from '../../src/cli/commands.js';
import { runDeployCli, setProcessEnv } from '../helpers/cloud/deploy-cli.js';
import { isMutating, startFakeAwsControl, type FakeAwsControl } from '../helpers/cloud/fake-aws-control.js';
import { runCli } from '../helpers/run-cli.js';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/helios-worker:1.0';
const BUCKET = 'helios-render-123456789012-eu-west-1';
const SECRET = 'fake-secret-never-printed';

let fake: FakeAwsControl;
let home: string;
let env: Record<string, string>;
let restoreEnv: () => void;

beforeAll(async () => {
  fake = await startFakeAwsControl();
  home = mkdtempSync(path.join(tmpdir(), 'helios-lambda-deploy-'));
  env = {
    AWS_ACCESS_KEY_ID: fake.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_LAMBDA: fake.origin,
    AWS_ENDPOINT_URL_IAM: fake.origin,
    AWS_ENDPOINT_URL_S3: fake.origin,
    // No profile, config or credentials file of whoever runs the tests.
    AWS_CONFIG_FILE: path.join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
  };
  restoreEnv = setProcessEnv({ ...env, AWS_PROFILE: undefined, AWS_SESSION_TOKEN: undefined, AWS_ENDPOINT_URL: undefined });
});

afterAll(async () => {
  restoreEnv();
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

const deploy = (...extra: string[]) => runDeployCli(['lambda', 'deploy', '--image', IMAGE, ...extra], env);
const takeCalls = () => fake.calls.splice(0).map((c) => `${c.service} ${c.action}`);
const mutations = () => fake.calls.splice(0).filter(isMutating).map((c) => `${c.service} ${c.action}`);

describe('helios lambda deploy / remove against a fake AWS control plane', () => {
  test('the first run creates the role, the bucket and the function', async () => {
    const run = await deploy();
    expect(run.error).toBeUndefined();
    expect(takeCalls().filter((c) => /Create|Put|Update|Delete/.test(c))).toEqual([
      'iam CreateRole',
      'iam PutRolePolicy',
      's3 CreateBucket',
      's3 PutPublicAccessBlock',
      's3 PutBucketLifecycleConfiguration',
      // The new role is not assumable at once: the first CreateFunction is refused and retried.
      'lambda CreateFunction',
      'lambda CreateFunction',
    ]);
    expect(run.log).toEqual([expect.stringMatching(/^Attempt 1 of 7: Lambda cannot assume the new role yet/)]);

    const role = fake.state.roles.get('helios-render-role');
    expect(JSON.parse(role?.trustPolicy ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const policy = JSON.parse(role?.policies.get('helios-worker') ?? '{}') as { Statement: Array<{ Action: string | string[]; Resource: string | string[] }> };
    expect(policy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${BUCKET}/*`],
      ['s3:ListBucket', `arn:aws:s3:::${BUCKET}`],
      [['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], ['arn:aws:logs:eu-west-1:*:log-group:/aws/lambda/helios-render', 'arn:aws:logs:eu-west-1:*:log-group:/aws/lambda/helios-render:*']],
    ]);

    const bucket = fake.state.buckets.get(BUCKET);
    expect(bucket?.region).toBe('eu-west-1');
    expect(bucket?.publicAccessBlock).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect(bucket?.lifecycleRules).toEqual([{ id: 'helios-expire-jobs', prefix: 'jobs/', status: 'Enabled', days: 7 }]);

    const fn = fake.state.functions.get('helios-render');
    expect(fn).toMatchObject({
      imageUri: IMAGE,
      role: 'arn:aws:iam::123456789012:role/helios-render-role',
      memorySize: 3008,
      timeout: 900,
      ephemeralStorage: 2048,
      environment: { HELIOS_BUCKET: BUCKET },
      command: ['worker', 'lambda'],
      architectures: ['x86_64'],
    });

    expect(run.out).toMatch(/^created +role +arn:aws:iam::123456789012:role\/helios-render-role$/m);
    expect(run.out).toMatch(/^created +bucket +s3:\/\/helios-render-123456789012-eu-west-1 /m);
    expect(run.out).toMatch(/^created +function +arn:aws:lambda:eu-west-1:123456789012:function:helios-render /m);
    expect(run.out).toContain(`helios render <composition> --backend lambda --region eu-west-1 --function helios-render --bucket ${BUCKET}`);
  });

  test('a second run with the same flags changes nothing and says so', async () => {
    const run = await deploy();
    expect(run.error).toBeUndefined();
    expect(mutations()).toEqual([]);
    const lines = run.out.split('\n').filter((l) => /^\w/.test(l) && !l.startsWith('render with'));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^unchanged /);
  });

  test('a new --memory updates only the function configuration', async () => {
    const run = await deploy('--memory', '4096');
    expect(run.error).toBeUndefined();
    expect(mutations()).toEqual(['lambda UpdateFunctionConfiguration']);
    expect(fake.state.functions.get('helios-render')).toMatchObject({ memorySize: 4096, imageUri: IMAGE, timeout: 900 });
    expect(run.out).toMatch(/^updated +function +\S+ \(memory 3008 -> 4096\)$/m);
  });

  test('a new --image updates only the function code', async () => {
    const image = IMAGE.replace(':1.0', ':1.1');
    const run = await runDeployCli(['lambda', 'deploy', '--image', image, '--memory', '4096'], env);
    expect(run.error).toBeUndefined();
    expect(mutations()).toEqual(['lambda UpdateFunctionCode']);
    expect(fake.state.functions.get('helios-render')).toMatchObject({ imageUri: image, memorySize: 4096 });
    expect(run.out).toMatch(/^updated +function +\S+ \(image \S+:1\.0 -> \S+:1\.1\)$/m);
  });

  test('remove empties and deletes everything; a second remove is not an error', async () => {
    // 1500 objects: two pages of ListObjectsV2, two DeleteObjects.
    for (let i = 0; i < 1500; i++) fake.putObject(BUCKET, `jobs/job-${String(i).padStart(4, '0')}/segment.mp4`, 'x');
    const run = await runDeployCli(['lambda', 'remove', '--region', 'eu-west-1'], env);
    expect(run.error).toBeUndefined();
    expect(takeCalls().filter((c) => /List|Delete/.test(c))).toEqual([
      'lambda DeleteFunction',
      'iam DeleteRolePolicy',
      'iam DeleteRole',
      's3 ListObjectsV2',
      's3 DeleteObjects',
      's3 ListObjectsV2',
      's3 DeleteObjects',
      's3 DeleteBucket',
    ]);
    expect([fake.state.functions.size, fake.state.roles.size, fake.state.buckets.size]).toEqual([0, 0, 0]);
    expect(run.out).toMatch(/^deleted +bucket +s3:\/\/helios-render-123456789012-eu-west-1 \(1500 objects deleted first\)$/m);

    const again = await runDeployCli(['lambda', 'remove', '--region', 'eu-west-1', '--bucket', BUCKET], env);
    expect(again.error).toBeUndefined();
    expect(mutations()).toEqual([]);
    expect(again.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^not found function +helios-render \(nothing to remove\)$/),
      expect.stringMatching(/^not found role +helios-render-role \(nothing to remove\)$/),
      expect.stringMatching(/^not found bucket +s3:\/\/helios-render-123456789012-eu-west-1 \(nothing to remove\)$/),
    ]);
  });

  test('wrong credentials: CloudCredentialsError saying what to check, exit status 1, no secret printed', async () => {
    const restore = setProcessEnv({ AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1' });
    try {
      const run = await deploy();
      expect(run.error).toBeInstanceOf(CloudCredentialsError);
      expect((run.error as Error).message).toMatch(/^IAM GetRole helios-render-role was refused: InvalidClientTokenId \(HTTP 403\).*: check the AWS credentials/);
    } finally {
      restore();
    }
    expect(fake.state.roles.size).toBe(0);
    const cli = await runCli(['lambda', 'deploy', '--image', IMAGE], { env: { ...env, AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1' } });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^error: IAM GetRole helios-render-role was refused: InvalidClientTokenId/m);
    expect(cli.stderr).not.toContain(SECRET);
    expect(fake.calls.filter(isMutating)).toEqual([]);
  });

  test('in us-east-1 the bucket is created without a LocationConstraint (S3 refuses one)', async () => {
    const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/helios-worker:1.0';
    const flags = ['--region', 'us-east-1', '--function', 'helios-east'];
    const run = await runDeployCli(['lambda', 'deploy', '--image', image, ...flags], env);
    expect(run.error).toBeUndefined();
    expect(fake.state.buckets.get('helios-render-123456789012-us-east-1')?.region).toBe('us-east-1');
    expect(fake.state.roles.has('helios-east-role')).toBe(true);
    const removed = await runDeployCli(['lambda', 'remove', ...flags], env);
    expect(removed.error).toBeUndefined();
    expect([fake.state.functions.size, fake.state.roles.size, fake.state.buckets.size]).toEqual([0, 0, 0]);
    fake.calls.length = 0;
  });

  test('bad flags are refused before any call', async () => {
    fake.calls.length = 0;
    const cases: Array<[string[], RegExp]> = [
      [['lambda', 'deploy'], /^--image is required: pass the worker image pushed to Amazon ECR/],
      [['lambda', 'deploy', '--image', 'docker.io/helios:1'], /^--image must be an Amazon ECR image URI/],
      [['lambda', 'deploy', '--image', IMAGE, '--region', 'us-east-1'], /^--image is in eu-west-1 but the function would be in us-east-1/],
      [['lambda', 'deploy', '--image', IMAGE, '--memory', '64'], /^--memory must be between 128 and 10240, got 64/],
      [['lambda', 'deploy', '--image', IMAGE, '--timeout', '901'], /^--timeout must be between 1 and 900, got 901/],
      [['lambda', 'deploy', '--image', IMAGE, '--bucket', 'Bad_Bucket'], /^--bucket must be an S3 bucket name/],
    ];
    for (const [args, message] of cases) {
      const run = await runDeployCli(args, env);
      expect(run.error).toBeInstanceOf(HeliosError);
      expect(describeCliError(run.error as HeliosError)).toMatch(message);
    }
    expect(fake.calls).toEqual([]);
  });
});
