import { validationError } from '../../core/iam/iam-errors.js';
import type { Iam } from '../../core/iam/iam.js';
import { IamInput } from '../iam/iam-input.js';
import { iamTimestamp } from '../iam/iam-shapes.js';
import type { QueryService } from '../service.js';

const SESSION_NAME_PATTERN = '[\\w+=,.@-]*';

/** STS's check of a role ARN: partition, service and resource present (`x is invalid` otherwise). */
const isArn = (arn: string): boolean => /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(arn);

/**
 * STS (query protocol, `https://sts.amazonaws.com/doc/2011-06-15/`): who the caller is (the account's root: Eventide
 * does not tell callers apart) and temporary credentials for a role.
 */
export function stsService(iam: Iam): QueryService {
  const account = iam.accountId;
  return {
    protocol: 'query',
    signingName: 'sts',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      async GetCallerIdentity() {
        return { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` };
      },

      async AssumeRole({ params }) {
        const input = new IamInput(params);
        const roleArn = input.required('RoleArn');
        input.problems.length(roleArn, 'roleArn', 20, 2048);
        const sessionName = input.required('RoleSessionName');
        input.problems.length(sessionName, 'roleSessionName', 2, 64);
        input.problems.pattern(sessionName, 'roleSessionName', SESSION_NAME_PATTERN);
        const durationSeconds = input.integer('DurationSeconds', 900, 43_200) ?? 3600;
        input.done();
        if (!isArn(roleArn)) throw validationError(`${roleArn} is invalid`);
        const session = await iam.sessions.assumeRole(roleArn, sessionName, durationSeconds);
        return {
          Credentials: {
            AccessKeyId: session.accessKeyId,
            SecretAccessKey: session.secretAccessKey,
            SessionToken: session.sessionToken,
            Expiration: iamTimestamp(session.expiration),
          },
          AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.arn },
        };
      },
    },
  };
}
