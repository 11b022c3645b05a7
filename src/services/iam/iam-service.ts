import type { Iam } from '../../core/iam/iam.js';
import type { QueryService } from '../service.js';
import { policyOperations } from './policy-operations.js';
import { roleOperations } from './role-operations.js';

/** IAM (query protocol, `https://iam.amazonaws.com/doc/2010-05-08/`): roles and managed policies. */
export function iamService(iam: Iam): QueryService {
  return {
    protocol: 'query',
    signingName: 'iam',
    xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations: { ...roleOperations(iam), ...policyOperations(iam) },
  };
}
