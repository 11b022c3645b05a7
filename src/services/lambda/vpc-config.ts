import { createHash } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import { invalidParameterValue } from '../../lib/errors.js';
import type { FunctionVpcConfig } from '../../store/store.js';
import { optionalBoolean, optionalObject, optionalStringList, type Problems } from './validation.js';

/**
 * A function's `VpcConfig`. Eventide runs functions on its host's network, so the setting has no local effect:
 * it is validated as Lambda validates it (EC2's existence checks aside) and returned as Lambda returns it.
 */

const SUBNET_ID = { minLength: 0, maxLength: 1024, pattern: 'subnet-[0-9a-z]*' };
const SECURITY_GROUP_ID = { minLength: 0, maxLength: 1024, pattern: 'sg-[0-9a-zA-Z]*' };

/** The `VpcConfig` of a request, checked against the model; undefined when the body has none. */
export function readVpcConfig(body: Record<string, unknown>, problems: Problems): FunctionVpcConfig | undefined {
  const vpc = optionalObject(body, 'VpcConfig');
  if (vpc === undefined) return undefined;
  const subnetIds = optionalStringList(vpc, 'SubnetIds') ?? [];
  const securityGroupIds = optionalStringList(vpc, 'SecurityGroupIds') ?? [];
  problems.maxItems(subnetIds, 'vpcConfig.subnetIds', 16);
  problems.eachItem(subnetIds, 'vpcConfig.subnetIds', SUBNET_ID);
  problems.maxItems(securityGroupIds, 'vpcConfig.securityGroupIds', 5);
  problems.eachItem(securityGroupIds, 'vpcConfig.securityGroupIds', SECURITY_GROUP_ID);
  return { subnetIds, securityGroupIds, ipv6AllowedForDualStack: optionalBoolean(vpc, 'Ipv6AllowedForDualStack') ?? false };
}

/** Lambda's rule beyond the model: a function is in a VPC with both subnets and security groups, or with neither. */
export function checkVpcConfigRules(vpc: FunctionVpcConfig | undefined): void {
  if (vpc !== undefined && (vpc.subnetIds.length === 0) !== (vpc.securityGroupIds.length === 0)) {
    throw invalidParameterValue('SubnetIds and SecurityIds must coexist or be both empty list.');
  }
}

/** `VpcConfig` as GetFunctionConfiguration returns it; a detached function (no subnets) has an empty `VpcId`. */
export function vpcConfigResponse(vpc: FunctionVpcConfig, scope: AccountScope): Record<string, unknown> {
  return {
    SubnetIds: vpc.subnetIds,
    SecurityGroupIds: vpc.securityGroupIds,
    VpcId: vpc.subnetIds.length === 0 ? '' : accountVpcId(scope),
    Ipv6AllowedForDualStack: vpc.ipv6AllowedForDualStack,
  };
}

/**
 * Eventide has no EC2 to ask which VPC a subnet is in, so every subnet counts as part of one VPC per account and
 * region, with a stable ID in EC2's form (`vpc-` and 17 hex digits).
 */
function accountVpcId(scope: AccountScope): string {
  return `vpc-${createHash('sha256').update(`eventide-vpc:${scope.accountId}:${scope.region}`).digest('hex').slice(0, 17)}`;
}
