/** IAM's managed policy operations: customer managed policies, and AWS managed ones to read and list. */
import type { Iam } from '../../core/iam/iam.js';
import type { QueryOperation } from '../service.js';
import { IamInput } from './iam-input.js';
import { encodeDocument, iamTimestamp, listShape, policyShape } from './iam-shapes.js';

const SCOPES = ['All', 'AWS', 'Local'] as const;
const USAGES = ['PermissionsPolicy', 'PermissionsBoundary'] as const;

const isOneOf = <T extends string>(allowed: readonly T[], value: string | undefined): value is T => allowed.includes(value as T);

export function policyOperations(iam: Iam): Record<string, QueryOperation> {
  const policies = iam.managedPolicies;
  return {
    async CreatePolicy({ params }) {
      const input = new IamInput(params);
      const name = input.name('PolicyName', 128);
      const path = input.path('policy');
      const document = input.document('PolicyDocument');
      const description = input.description('policy');
      const tags = input.tags('case-sensitive');
      input.done();
      return { Policy: policyShape(await policies.create({ name, path, document, description, tags }), 'created') };
    },

    async GetPolicy({ params }) {
      const input = new IamInput(params);
      const arn = input.policyArn();
      input.done();
      return { Policy: policyShape(await policies.get(arn), 'full') };
    },

    async GetPolicyVersion({ params }) {
      const input = new IamInput(params);
      const arn = input.policyArn();
      const versionId = input.versionId();
      input.done();
      const version = await policies.getVersion(arn, versionId);
      return {
        PolicyVersion: {
          Document: encodeDocument(version.document),
          VersionId: version.versionId,
          IsDefaultVersion: version.isDefaultVersion,
          CreateDate: iamTimestamp(version.createDate),
        },
      };
    },

    async ListPolicies({ params }) {
      const input = new IamInput(params);
      const scope = input.string('Scope');
      input.problems.oneOf(scope, 'scope', SCOPES);
      const usage = input.string('PolicyUsageFilter');
      input.problems.oneOf(usage, 'policyUsageFilter', USAGES);
      const onlyAttached = input.boolean('OnlyAttached') ?? false;
      const pathPrefix = input.pathPrefix('policy');
      const { marker, maxItems } = input.page();
      input.done();
      const listing = await policies.list({
        scope: isOneOf(SCOPES, scope) ? scope : 'All',
        usage: isOneOf(USAGES, usage) ? usage : undefined,
        onlyAttached,
        pathPrefix,
        marker,
        maxItems,
      });
      return listShape('Policies', listing, (policy) => policyShape(policy, 'listed'));
    },

    async DeletePolicy({ params }) {
      const input = new IamInput(params);
      const arn = input.policyArn();
      input.done();
      await policies.delete(arn);
      return undefined;
    },
  };
}
