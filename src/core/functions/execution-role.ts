import { invalidParameterValue } from '../../lib/errors.js';
import type { PolicyEvaluation } from '../policy/evaluate.js';

/** Whether a role exists and lets a service principal assume it. */
export type RoleTrust = 'no-such-role' | 'not-trusted' | 'trusted';

/**
 * What Lambda asks IAM about a function's execution role: served by `core/iam`, or by `UNENFORCED` when
 * Eventide runs with `--iam-enforcement off`.
 */
export interface RoleAuthority {
  roleTrust(roleArn: string, servicePrincipal: string): Promise<RoleTrust>;
  authorize(roleArn: string, action: string, resource: string): Promise<PolicyEvaluation>;
}

/** `--iam-enforcement off`: every role is assumable and may do anything, as in lenient local emulators. */
export const UNENFORCED: RoleAuthority = {
  roleTrust: async () => 'trusted',
  authorize: async () => ({ decision: 'Allow', reason: 'IAM enforcement is off' }),
};

const LAMBDA_PRINCIPAL = 'lambda.amazonaws.com';

/** The call Lambda makes to deliver to a dead-letter target, named as IAM and as Lambda's error messages name it. */
export interface DeadLetterCall {
  action: 'sqs:SendMessage' | 'sns:Publish';
  operation: 'SendMessage' | 'Publish';
  service: 'SQS' | 'SNS';
}

/** The call for an SQS queue or SNS topic ARN; undefined for any other ARN. */
export function deadLetterCall(targetArn: string): DeadLetterCall | undefined {
  const service = targetArn.split(':')[2];
  if (service === 'sqs') return { action: 'sqs:SendMessage', operation: 'SendMessage', service: 'SQS' };
  if (service === 'sns') return { action: 'sns:Publish', operation: 'Publish', service: 'SNS' };
  return undefined;
}

/** The checks CreateFunction and UpdateFunctionConfiguration make on the execution role, with Lambda's messages. */
export class ExecutionRoleChecks {
  constructor(readonly authority: RoleAuthority) {}

  async assertAssumable(roleArn: string): Promise<void> {
    if ((await this.authority.roleTrust(roleArn, LAMBDA_PRINCIPAL)) !== 'trusted') {
      throw invalidParameterValue('The role defined for the function cannot be assumed by Lambda.');
    }
  }

  async assertMayDeliverTo(roleArn: string, deadLetterTargetArn: string): Promise<void> {
    const call = deadLetterCall(deadLetterTargetArn);
    if (call === undefined) {
      throw invalidParameterValue(`The dead-letter target must be an Amazon SQS queue or an Amazon SNS topic: ${deadLetterTargetArn}`);
    }
    const evaluation = await this.authority.authorize(roleArn, call.action, deadLetterTargetArn);
    if (evaluation.decision !== 'Allow') {
      throw invalidParameterValue(`The provided execution role does not have permissions to call ${call.operation} on ${call.service}`);
    }
  }
}
