import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { awsCall, awsFind } from './aws-errors.js';
import type { ResourceOutcome } from './deploy-report.js';

/** The name of the inline policy Helios puts on the function's role. */
export const ROLE_POLICY_NAME = 'helios-worker';

/** Lets Lambda (and only Lambda) assume the role. */
export const LAMBDA_TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/**
 * What a worker needs and nothing more: read the composition and write its segment and
 * manifest in the bucket, list it (so a missing object is a 404, not a 403), and write its
 * own log group.
 */
export function workerRolePolicy(bucket: string, region: string, functionName: string) {
  const logGroup = `arn:aws:logs:${region}:*:log-group:/aws/lambda/${functionName}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'JobObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` },
      { Sid: 'ListJobObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [logGroup, `${logGroup}:*`] },
    ],
  };
}

/** JSON with object keys sorted, so two documents compare by content, not by key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicyDocument(document: string | undefined): unknown {
  if (!document) return undefined;
  try {
    return JSON.parse(decodeURIComponent(document));
  } catch {
    return undefined;
  }
}

export interface RoleResult {
  arn: string;
  /** True when the role was created now: Lambda may not be able to assume it for a few seconds. */
  fresh: boolean;
  outcomes: ResourceOutcome[];
}

/** Creates the role with the Lambda trust policy when missing; puts the inline policy only when it differs. */
export async function ensureRole(iam: IAMClient, roleName: string, policy: object): Promise<RoleResult> {
  const found = await awsFind('IAM', `IAM GetRole ${roleName}`, () => iam.send(new GetRoleCommand({ RoleName: roleName })));
  let role = found?.Role;
  const outcomes: ResourceOutcome[] = [];
  if (!role) {
    const created = await awsCall('IAM', `IAM CreateRole ${roleName}`, () =>
      iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST_POLICY),
          Description: 'Helios render workers (created by helios lambda deploy)',
        }),
      ),
    );
    role = created.Role;
  }
  const arn = role?.Arn;
  if (!arn) throw new Error(`IAM returned no ARN for role ${roleName}`);
  outcomes.push({ kind: 'role', id: arn, action: found ? 'unchanged' : 'created' });
  const current = found
    ? await awsFind('IAM', `IAM GetRolePolicy ${roleName} ${ROLE_POLICY_NAME}`, () => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME })))
    : undefined;
  const id = `${arn} inline policy ${ROLE_POLICY_NAME}`;
  if (current && canonicalJson(decodePolicyDocument(current.PolicyDocument)) === canonicalJson(policy)) {
    outcomes.push({ kind: 'role policy', id, action: 'unchanged' });
  } else {
    await awsCall('IAM', `IAM PutRolePolicy ${roleName} ${ROLE_POLICY_NAME}`, () =>
      iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME, PolicyDocument: JSON.stringify(policy) })),
    );
    outcomes.push({ kind: 'role policy', id, action: current ? 'updated' : 'created' });
  }
  return { arn, fresh: !found, outcomes };
}

/** Deletes the inline policy, then the role; either one missing is fine. */
export async function removeRole(iam: IAMClient, roleName: string): Promise<ResourceOutcome[]> {
  const found = await awsFind('IAM', `IAM GetRole ${roleName}`, () => iam.send(new GetRoleCommand({ RoleName: roleName })));
  if (!found?.Role) return [{ kind: 'role', id: roleName, action: 'not found' }];
  const arn = found.Role.Arn ?? roleName;
  const policyGone = await awsFind('IAM', `IAM DeleteRolePolicy ${roleName} ${ROLE_POLICY_NAME}`, () =>
    iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: ROLE_POLICY_NAME })),
  );
  await awsCall('IAM', `IAM DeleteRole ${roleName}`, () => iam.send(new DeleteRoleCommand({ RoleName: roleName })));
  return [
    { kind: 'role policy', id: `${arn} inline policy ${ROLE_POLICY_NAME}`, action: policyGone ? 'deleted' : 'not found' },
    { kind: 'role', id: arn, action: 'deleted' },
  ];
}

/** The account id in an ARN (`arn:aws:iam::123456789012:role/x`). */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}
