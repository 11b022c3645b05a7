import { randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { accessDenied, validationError } from './iam-errors.js';
import { temporaryAccessKeyId } from './iam-identifiers.js';
import type { RolePermissions } from './role-permissions.js';

export interface AssumedRole {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Wall-clock epoch milliseconds. */
  expiration: number;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  /** `<RoleId>:<session>`. */
  assumedRoleId: string;
}

/**
 * STS AssumeRole: temporary credentials for a role. Eventide does not sign requests' identities, so the caller is
 * the account's root and the role's trust policy is not checked against it; the role must exist.
 */
export class RoleSessions {
  constructor(
    private readonly permissions: RolePermissions,
    private readonly clock: Clock,
    private readonly accountId: string,
  ) {}

  async assumeRole(roleArn: string, sessionName: string, durationSeconds: number): Promise<AssumedRole> {
    const role = await this.permissions.find(roleArn);
    if (role === undefined) {
      throw accessDenied(`User: arn:aws:iam::${this.accountId}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    if (durationSeconds > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    return {
      accessKeyId: temporaryAccessKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(264).toString('base64'),
      expiration: this.clock.wallTime() + durationSeconds * 1000,
      arn: `arn:aws:sts::${this.accountId}:assumed-role/${role.name}/${sessionName}`,
      assumedRoleId: `${role.roleId}:${sessionName}`,
    };
  }
}
