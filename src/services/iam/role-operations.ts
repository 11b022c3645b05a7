/** IAM's role operations: roles, their trust policies, inline policies and attached managed policies. */
import type { Iam } from '../../core/iam/iam.js';
import type { QueryOperation } from '../service.js';
import { IamInput } from './iam-input.js';
import { encodeDocument, listShape, roleShape } from './iam-shapes.js';

const ROLE_NAME_MAX = 64;
const POLICY_NAME_MAX = 128;

export function roleOperations(iam: Iam): Record<string, QueryOperation> {
  const { roles, inlinePolicies, attachments } = iam;
  return {
    async CreateRole({ params }) {
      const input = new IamInput(params);
      const path = input.path('role');
      const name = input.name('RoleName', ROLE_NAME_MAX);
      const assumeRolePolicyDocument = input.document('AssumeRolePolicyDocument');
      const description = input.description('role');
      const maxSessionDuration = input.integer('MaxSessionDuration', 3600, 43_200) ?? 3600;
      const tags = input.tags('case-insensitive');
      input.done();
      const role = await roles.create({ name, path, assumeRolePolicyDocument, description, maxSessionDuration, tags });
      return { Role: roleShape(role, roles.arnOf(role), 'created') };
    },

    async GetRole({ params }) {
      const input = new IamInput(params);
      const name = input.name('RoleName', ROLE_NAME_MAX);
      input.done();
      const role = await roles.get(name);
      return { Role: roleShape(role, roles.arnOf(role), 'full') };
    },

    async ListRoles({ params }) {
      const input = new IamInput(params);
      const pathPrefix = input.pathPrefix('role');
      const { marker, maxItems } = input.page();
      input.done();
      const listing = await roles.list(pathPrefix, marker, maxItems);
      return listShape('Roles', listing, (role) => roleShape(role, roles.arnOf(role), 'listed'));
    },

    async DeleteRole({ params }) {
      const input = new IamInput(params);
      const name = input.name('RoleName', ROLE_NAME_MAX);
      input.done();
      await roles.delete(name);
      return undefined;
    },

    async UpdateAssumeRolePolicy({ params }) {
      const input = new IamInput(params);
      const name = input.name('RoleName', ROLE_NAME_MAX);
      const document = input.document('PolicyDocument');
      input.done();
      await roles.updateTrustPolicy(name, document);
      return undefined;
    },

    async PutRolePolicy({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const policyName = input.name('PolicyName', POLICY_NAME_MAX);
      const document = input.document('PolicyDocument');
      input.done();
      await inlinePolicies.put(roleName, policyName, document);
      return undefined;
    },

    async GetRolePolicy({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const policyName = input.name('PolicyName', POLICY_NAME_MAX);
      input.done();
      const policy = await inlinePolicies.get(roleName, policyName);
      return { RoleName: policy.roleName, PolicyName: policy.policyName, PolicyDocument: encodeDocument(policy.document) };
    },

    async DeleteRolePolicy({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const policyName = input.name('PolicyName', POLICY_NAME_MAX);
      input.done();
      await inlinePolicies.delete(roleName, policyName);
      return undefined;
    },

    async ListRolePolicies({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const { marker, maxItems } = input.page();
      input.done();
      return listShape('PolicyNames', await inlinePolicies.list(roleName, marker, maxItems), (name) => name);
    },

    async AttachRolePolicy({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const policyArn = input.policyArn();
      input.done();
      await attachments.attach(roleName, policyArn);
      return undefined;
    },

    async DetachRolePolicy({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const policyArn = input.policyArn();
      input.done();
      await attachments.detach(roleName, policyArn);
      return undefined;
    },

    async ListAttachedRolePolicies({ params }) {
      const input = new IamInput(params);
      const roleName = input.name('RoleName', ROLE_NAME_MAX);
      const pathPrefix = input.pathPrefix('policy');
      const { marker, maxItems } = input.page();
      input.done();
      const listing = await attachments.list(roleName, pathPrefix, marker, maxItems);
      return listShape('AttachedPolicies', listing, (policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn }));
    },
  };
}
