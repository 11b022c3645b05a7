import { randomUUID } from 'node:crypto';
import { invalidParameterValue, preconditionFailed, resourceConflict, resourceNotFound, serviceError } from '../../lib/errors.js';
import type { FunctionPolicyRecord, FunctionPolicyStore } from '../../store/function-policies.js';
import type { FunctionRecord } from '../../store/store.js';
import type { PolicyStatement } from '../policy/policy-document.js';
import type { FunctionReference } from './function-name.js';
import { checkInvoke, type InvokeCaller, type PolicyCheck } from './function-policy-check.js';
import { renderStatement, type PermissionRequest } from './function-policy-statement.js';
import { LATEST, type FunctionRegistry } from './function-registry.js';

/** Lambda's quota on one resource-based policy document. */
const POLICY_SIZE_LIMIT = 20_480;
/** The function's own policy (it covers $LATEST); versions and aliases will have theirs under their qualifier. */
const UNQUALIFIED = '';

export interface FunctionPolicy {
  /** The policy document as GetPolicy answers it (JSON text). */
  policy: string;
  revisionId: string;
}

/**
 * Functions' resource-based policies: AddPermission, GetPolicy and RemovePermission with Lambda's rules and
 * messages, and the check that an AWS service (EventBridge, SNS, S3) may invoke a function.
 */
export class FunctionPolicies {
  constructor(
    private readonly store: FunctionPolicyStore,
    private readonly registry: FunctionRegistry,
  ) {}

  /** Adds one statement; resolves with it as JSON text. */
  async addPermission(ref: FunctionReference, permission: PermissionRequest, revisionId: string | undefined): Promise<string> {
    const fn = await this.registry.find(ref.name);
    if (fn === undefined) throw resourceNotFound(`Function not found: ${this.registry.arn(ref.name)}`);
    checkAddQualifier(ref, this.registry);
    const statement = JSON.stringify(renderStatement(permission, this.registry.arn(fn.name)));
    const current = await this.store.getPolicy(fn.name, UNQUALIFIED);
    checkRevision(fn, current, revisionId);
    if (current?.statements.some((text) => sidOf(text) === permission.statementId)) {
      throw resourceConflict(
        `The statement id (${permission.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      );
    }
    const statements = [...(current?.statements ?? []), statement];
    const size = Buffer.byteLength(policyDocument(statements));
    if (size > POLICY_SIZE_LIMIT) {
      throw serviceError('PolicyLengthExceededException', 400, `The final policy size (${size}) is bigger than the limit (${POLICY_SIZE_LIMIT}).`, { type: 'User' });
    }
    await this.save(fn, { functionName: fn.name, qualifier: UNQUALIFIED, statements, revisionId: randomUUID() }, current);
    return statement;
  }

  async getPolicy(ref: FunctionReference): Promise<FunctionPolicy> {
    const policy = isUnqualified(ref) ? await this.store.getPolicy(ref.name, UNQUALIFIED) : undefined;
    if (policy === undefined) throw resourceNotFound('The resource you requested does not exist.');
    return { policy: policyDocument(policy.statements), revisionId: policy.revisionId };
  }

  async removePermission(ref: FunctionReference, statementId: string, revisionId: string | undefined): Promise<void> {
    const fn = await this.registry.find(ref.name);
    if (fn === undefined || !isUnqualified(ref)) throw resourceNotFound(`No policy found for: ${this.registry.arn(ref.name, ref.qualifier)}`);
    const current = await this.store.getPolicy(fn.name, UNQUALIFIED);
    if (current === undefined) throw resourceNotFound('No policy is associated with the given resource.');
    checkRevision(fn, current, revisionId);
    const statements = current.statements.filter((text) => sidOf(text) !== statementId);
    if (statements.length === current.statements.length) throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
    // A policy whose last statement goes is gone: GetPolicy answers "does not exist" again.
    if (statements.length === 0) {
      if (!(await this.store.deletePolicy(fn.name, UNQUALIFIED, current.revisionId))) throw this.busy(fn);
      return;
    }
    await this.save(fn, { ...current, statements, revisionId: randomUUID() }, current);
  }

  /** Whether `caller` may invoke the function, and why; a missing function is a ResourceNotFoundException. */
  async check(ref: FunctionReference, caller: InvokeCaller): Promise<PolicyCheck> {
    const fn = await this.registry.get(ref);
    const policy = await this.store.getPolicy(fn.name, UNQUALIFIED);
    const statements = policy?.statements.map((text) => JSON.parse(text) as PolicyStatement);
    return checkInvoke({ name: fn.name, arn: this.registry.arn(fn.name) }, statements, caller);
  }

  /** Throws an AccessDeniedException saying why when the function's policy does not let `caller` invoke it. */
  async assertInvokeAllowed(ref: FunctionReference, caller: InvokeCaller): Promise<void> {
    const check = await this.check(ref, caller);
    if (check.decision === 'Deny') throw serviceError('AccessDeniedException', 403, check.reason, { type: 'User' });
  }

  private async save(fn: FunctionRecord, policy: FunctionPolicyRecord, current: FunctionPolicyRecord | undefined): Promise<void> {
    if (!(await this.store.savePolicy(policy, current?.revisionId))) throw this.busy(fn);
  }

  /** Another write (or the function's deletion) came between reading the policy and writing it. */
  private busy(fn: FunctionRecord) {
    return resourceConflict(`The operation cannot be performed at this time. An update is in progress for resource: ${this.registry.arn(fn.name)}`);
  }
}

const isUnqualified = (ref: FunctionReference): boolean => ref.qualifier === undefined || ref.qualifier === LATEST;

/** Only the function itself can be given permissions until versions and aliases exist. */
function checkAddQualifier(ref: FunctionReference, registry: FunctionRegistry): void {
  if (ref.qualifier === undefined) return;
  if (ref.qualifier === LATEST) throw invalidParameterValue('We currently do not support adding policies for $LATEST.');
  const arn = registry.arn(ref.name, ref.qualifier);
  throw resourceNotFound(/^\d+$/.test(ref.qualifier) ? `Function not found: ${arn}` : `Cannot find alias arn: ${arn}`);
}

/** A RevisionId given must be the policy's; a function without a policy is at its own revision. */
function checkRevision(fn: FunctionRecord, current: FunctionPolicyRecord | undefined, revisionId: string | undefined): void {
  if (revisionId === undefined || revisionId === (current?.revisionId ?? fn.revisionId)) return;
  throw preconditionFailed(
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  );
}

const sidOf = (statement: string): string | undefined => (JSON.parse(statement) as PolicyStatement).Sid;

/** The document as Lambda prints it, statements verbatim in the order they were added. */
const policyDocument = (statements: string[]): string => `{"Version":"2012-10-17","Id":"default","Statement":[${statements.join(',')}]}`;
