import { desiredTemplate, templateChanges } from '../../src/cloud/deploy/cloudrun-service-deploy.js';
import { resolveCloudRunDeploy } from '../../src/cloud/deploy/cloudrun-settings.js';
import { formatOutcome } from '../../src/cloud/deploy/deploy-report.js';
import { canonicalJson, decodePolicyDocument } from '../../src/cloud/deploy/iam-role-deploy.js';
import { parseEcrImage, resolveLambdaDeploy } from '../../src/cloud/deploy/lambda-settings.js';

const ECR = '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/helios/worker@sha256:' + 'a'.repeat(64);

describe('lambda deploy settings', () => {
  test('region and default bucket come from the ECR image URI when nothing else names them', () => {
    expect(parseEcrImage(ECR)).toEqual({ accountId: '123456789012', region: 'ap-southeast-2' });
    expect(resolveLambdaDeploy({ image: ECR }, {})).toEqual({
      image: ECR,
      region: 'ap-southeast-2',
      functionName: 'helios-render',
      roleName: 'helios-render-role',
      bucket: 'helios-render-123456789012-ap-southeast-2',
      memoryMb: 3008,
      timeoutSeconds: 900,
      ephemeralStorageMb: 2048,
    });
  });

  test('flags win over the environment, and the role follows the function name', () => {
    const s = resolveLambdaDeploy({ image: ECR, function: 'render-2', region: 'ap-southeast-2', bucket: 'my-bucket', memory: '10240' }, { AWS_REGION: 'ap-southeast-2' });
    expect([s.functionName, s.roleName, s.bucket, s.memoryMb]).toEqual(['render-2', 'render-2-role', 'my-bucket', 10240]);
    expect(() => resolveLambdaDeploy({ image: ECR }, { AWS_REGION: 'eu-west-1' })).toThrow(/image is in ap-southeast-2 but the function would be in eu-west-1/);
  });
});

describe('policy comparison', () => {
  test('IAM URL-encodes documents; key order does not make two policies differ', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
    const fromIam = encodeURIComponent(JSON.stringify({ Statement: [{ Resource: 'arn:aws:s3:::b/*', Action: 's3:GetObject', Effect: 'Allow' }], Version: '2012-10-17' }));
    expect(canonicalJson(decodePolicyDocument(fromIam))).toBe(canonicalJson(policy));
    expect(canonicalJson(decodePolicyDocument(fromIam.replace('GetObject', 'PutObject')))).not.toBe(canonicalJson(policy));
  });
});

describe('cloud run template', () => {
  const settings = resolveCloudRunDeploy({ image: 'europe-west4-docker.pkg.dev/p-123456/r/w:1', project: 'p-123456', region: 'europe-west4' }, {});

  test('the template deploy writes has no differences from itself', () => {
    expect(templateChanges(desiredTemplate(settings), settings)).toEqual([]);
  });

  test('fields deploy does not own stay; a hand-set revision name is dropped; our variable replaces the old one', () => {
    const current = {
      revision: 'helios-render-manual',
      serviceAccount: 'sa@p-123456.iam.gserviceaccount.com',
      containers: [{ image: 'old', env: [{ name: 'OTHER', value: '1' }, { name: 'HELIOS_BUCKET', value: 'old-bucket' }] }],
    };
    const t = desiredTemplate(settings, current) as typeof current;
    expect(t.revision).toBeUndefined();
    expect(t.serviceAccount).toBe('sa@p-123456.iam.gserviceaccount.com');
    expect(t.containers[0].env).toEqual([{ name: 'OTHER', value: '1' }, { name: 'HELIOS_BUCKET', value: 'helios-render-p-123456' }]);
    expect(templateChanges(current, settings)).toEqual(expect.arrayContaining(['image old -> europe-west4-docker.pkg.dev/p-123456/r/w:1', 'HELIOS_BUCKET old-bucket -> helios-render-p-123456']));
  });
});

test('one line per resource', () => {
  expect(formatOutcome({ kind: 'function', id: 'arn:x', action: 'created', detail: '3008 MB' })).toBe('created   function    arn:x (3008 MB)');
  expect(formatOutcome({ kind: 'role', id: 'r', action: 'not found' })).toBe('not found role        r (nothing to remove)');
});
