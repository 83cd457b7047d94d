import { randomBytes } from 'node:crypto';
import { requestId, xmlEscape, type FakeAwsReply, type FakeAwsRequest, type FakeRole } from './fake-aws-state.js';

/** IAM's query protocol: form-encoded POSTs with `Action=…`, XML answers. */

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function iamError(status: number, code: string, message: string): FakeAwsReply {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  };
}

function ok(action: string, result = ''): FakeAwsReply {
  const inner = result ? `<${action}Result>${result}</${action}Result>` : '';
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="${NS}">${inner}<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** IAM hands policy documents back URL-encoded. */
const roleXml = (r: FakeRole) =>
  `<Role><Path>/</Path><RoleName>${xmlEscape(r.name)}</RoleName><RoleId>${r.roleId}</RoleId><Arn>${xmlEscape(r.arn)}</Arn>` +
  `<CreateDate>${r.createDate}</CreateDate><AssumeRolePolicyDocument>${encodeURIComponent(r.trustPolicy)}</AssumeRolePolicyDocument></Role>`;

export function iamApi(req: FakeAwsRequest, options: { unassumableFor: number }): FakeAwsReply {
  const form = new URLSearchParams(req.body.toString('utf8'));
  const action = form.get('Action') ?? '';
  const name = form.get('RoleName') ?? '';
  const policyName = form.get('PolicyName') ?? '';
  req.record(action, name);
  const { roles, accountId } = req.state;
  const role = roles.get(name);
  const noRole = () => iamError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
  switch (action) {
    case 'GetRole':
      return role ? ok(action, roleXml(role)) : noRole();
    case 'CreateRole': {
      if (role) return iamError(409, 'EntityAlreadyExists', `Role with name ${name} already exists.`);
      const document = form.get('AssumeRolePolicyDocument') ?? '';
      try {
        JSON.parse(document);
      } catch {
        return iamError(400, 'MalformedPolicyDocument', 'This policy contains invalid Json');
      }
      const created: FakeRole = {
        name,
        arn: `arn:aws:iam::${accountId}:role/${name}`,
        roleId: `AROA${randomBytes(8).toString('hex').toUpperCase()}`,
        createDate: new Date().toISOString(),
        trustPolicy: document,
        policies: new Map(),
        unassumableFor: options.unassumableFor,
      };
      roles.set(name, created);
      return ok(action, roleXml(created));
    }
    case 'GetRolePolicy': {
      if (!role) return noRole();
      const policy = role.policies.get(policyName);
      if (policy === undefined) return iamError(404, 'NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
      return ok(action, `<RoleName>${xmlEscape(name)}</RoleName><PolicyName>${xmlEscape(policyName)}</PolicyName><PolicyDocument>${encodeURIComponent(policy)}</PolicyDocument>`);
    }
    case 'PutRolePolicy': {
      if (!role) return noRole();
      const document = form.get('PolicyDocument') ?? '';
      try {
        JSON.parse(document);
      } catch {
        return iamError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
      }
      role.policies.set(policyName, document);
      return ok(action);
    }
    case 'DeleteRolePolicy':
      if (!role) return noRole();
      if (!role.policies.delete(policyName)) return iamError(404, 'NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
      return ok(action);
    case 'DeleteRole':
      if (!role) return noRole();
      if (role.policies.size) return iamError(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
      roles.delete(name);
      return ok(action);
    default:
      return iamError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
  }
}
