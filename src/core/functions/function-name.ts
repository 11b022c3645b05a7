import type { AccountScope } from '../../lib/arn.js';
import { invalidParameterValue, resourceNotFound, validationFailed } from '../../lib/errors.js';

/** A `FunctionName` as clients may give it: a name, `name:qualifier`, a partial ARN or a full ARN. */
export interface FunctionReference {
  name: string;
  qualifier: string | undefined;
}

// AWS's NamespacedFunctionName pattern, anchored, with the parts captured.
const NAMESPACED =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\d{1}):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$/;
const FULL_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
const QUALIFIER = /^(?:|[a-zA-Z0-9$_-]+)$/;
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9$_-]+))?$/;

/** A full function ARN, `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`, in its parts. */
export interface FunctionArnParts {
  region: string;
  accountId: string;
  name: string;
  qualifier: string | undefined;
}

/** The parts of a full function ARN (as destinations, subscriptions and notifications name functions); undefined for anything else. */
export function parseFunctionArn(arn: string): FunctionArnParts | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (match === null) return undefined;
  const [, region = '', accountId = '', name = '', qualifier] = match;
  return { region, accountId, name, qualifier };
}

/**
 * Resolves a FunctionName (and an optional `Qualifier` parameter) to the function it names, with AWS's
 * errors: a malformed name is a ValidationException, another region's ARN is not reachable, and a qualifier
 * in the name that disagrees with the parameter is refused.
 */
export function parseFunctionName(
  input: string,
  qualifierParam: string | undefined,
  scope: AccountScope,
  member = 'functionName',
): FunctionReference {
  const match = input.length <= 256 ? NAMESPACED.exec(input) : null;
  if (match === null) {
    const problem =
      input.length > 256
        ? `Value '${input}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 256`
        : `Value '${input}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FULL_PATTERN}`;
    throw validationFailed([problem]);
  }
  const [, region, accountId, name = '', nameQualifier] = match;
  if (region !== undefined && region !== scope.region) {
    throw resourceNotFound(`Functions from '${region}' are not reachable in this region ('${scope.region}')`);
  }
  if (accountId !== undefined && accountId !== scope.accountId) {
    throw resourceNotFound(`Function not found: ${input}`);
  }
  if (name.length > 64) {
    throw invalidParameterValue(`1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to 64`);
  }
  if (qualifierParam !== undefined) {
    if (!QUALIFIER.test(qualifierParam) || qualifierParam.length > 128) {
      throw validationFailed([
        `Value '${qualifierParam}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)`,
      ]);
    }
    if (nameQualifier !== undefined && nameQualifier !== qualifierParam) {
      throw invalidParameterValue('The derived qualifier from the function name does not match the specified qualifier.');
    }
  }
  return { name, qualifier: qualifierParam ?? nameQualifier };
}
