/**
 * The checks IAM makes on a policy document before it stores it, with IAM's MalformedPolicyDocument messages, in
 * IAM's order: JSON and grammar first ("Syntax errors in policy."), then the version, legacy parsing, Sid
 * uniqueness, actions, resources (or, in a trust policy, the principal), resource and action formats.
 * On top of AWS's rules, a condition operator Eventide's evaluator cannot evaluate (Date…, IpAddress, Binary…)
 * is refused, so a stored policy never means something other than what it says.
 */
import { serviceError, type AwsError } from '../../lib/errors.js';
import { isSupportedConditionOperator } from '../policy/condition.js';
import type { PolicyDocument } from '../policy/policy-document.js';

/**
 * `managed`: a customer managed policy (CreatePolicy), which must be version 2012-10-17. `inline`: a role's inline
 * policy (PutRolePolicy). `trust`: a role's trust policy (CreateRole, UpdateAssumeRolePolicy).
 */
export type PolicyKind = 'managed' | 'inline' | 'trust';

export const malformedPolicy = (message: string): AwsError => serviceError('MalformedPolicyDocument', 400, message);

const SYNTAX_ERROR = 'Syntax errors in policy.';
const VERSIONS = ['2008-10-17', '2012-10-17'];
const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const TRUST_STATEMENT_ELEMENTS = [...STATEMENT_ELEMENTS.filter((name) => !name.endsWith('Resource')), 'Principal', 'NotPrincipal'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
/** Operators IAM accepts that Eventide's evaluator does not implement. */
const UNEVALUATED_OPERATORS = ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'BinaryEquals', 'IpAddress', 'NotIpAddress'];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringOrStrings = (value: Json): boolean => typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
const isScalar = (value: Json): boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const strings = (value: Json | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [value as string]);
const present = (statement: JsonObject, element: string): boolean => Object.hasOwn(statement, element);

function baseOperator(operator: string): string {
  const unqualified = operator.replace(/^(ForAnyValue|ForAllValues):/, '');
  return unqualified.endsWith('IfExists') ? unqualified.slice(0, -'IfExists'.length) : unqualified;
}

const isUnevaluatedOperator = (operator: string): boolean => UNEVALUATED_OPERATORS.includes(baseOperator(operator)) && !operator.includes('::');

/** The grammar of one statement; false means "Syntax errors in policy.". Throws for the errors IAM names. */
function statementSyntaxHolds(statement: Json, kind: PolicyKind): boolean {
  if (!isObject(statement)) return false;
  if (kind !== 'trust' && (present(statement, 'Principal') || present(statement, 'NotPrincipal'))) {
    throw malformedPolicy('Policy document should not specify a principal.');
  }
  if (kind === 'trust') {
    for (const element of ['Resource', 'NotResource']) if (present(statement, element)) throw malformedPolicy(`Has prohibited field ${element}`);
  }
  const allowed = kind === 'trust' ? TRUST_STATEMENT_ELEMENTS : STATEMENT_ELEMENTS;
  if (!Object.keys(statement).every((element) => allowed.includes(element))) return false;
  for (const [one, other] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
    if (present(statement, one) && present(statement, other)) return false;
  }
  const effect = statement.Effect;
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) return false;
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string') return false;
  for (const element of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const value = statement[element];
    if (value !== undefined && !isStringOrStrings(value)) return false;
  }
  for (const element of ['Principal', 'NotPrincipal']) {
    const value = statement[element];
    if (value !== undefined && !principalSyntaxHolds(value)) return false;
  }
  return statement.Condition === undefined || conditionSyntaxHolds(statement.Condition);
}

function principalSyntaxHolds(principal: Json): boolean {
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  return Object.entries(principal).every(([type, ids]) => PRINCIPAL_TYPES.includes(type) && isStringOrStrings(ids));
}

function conditionSyntaxHolds(condition: Json): boolean {
  if (!isObject(condition)) return false;
  return Object.entries(condition).every(([operator, keys]) => {
    if (!isObject(keys)) return false;
    const valuesHold = Object.values(keys).every((values) => isScalar(values) || (Array.isArray(values) && values.every(isScalar)));
    // An operator IAM does not know is only accepted with no keys (it then constrains nothing).
    const known = isSupportedConditionOperator(operator) || isUnevaluatedOperator(operator);
    return valuesHold && (known || Object.keys(keys).length === 0);
  });
}

function statementsOf(document: Json): JsonObject[] {
  if (!isObject(document) || !Object.keys(document).every((element) => TOP_LEVEL_ELEMENTS.includes(element))) throw malformedPolicy(SYNTAX_ERROR);
  const { Version: version, Id: id, Statement: statement } = document;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.includes(version))) throw malformedPolicy(SYNTAX_ERROR);
  if (id !== undefined && typeof id !== 'string') throw malformedPolicy(SYNTAX_ERROR);
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (statements.length === 0) throw malformedPolicy(SYNTAX_ERROR);
  return statements as JsonObject[];
}

function checkAction(action: string, kind: PolicyKind): void {
  if (kind === 'trust') {
    if (!/^sts:/i.test(action)) throw malformedPolicy('AssumeRole policy may only specify STS AssumeRole actions.');
    return;
  }
  if (action === '*') return;
  const parts = action.split(':');
  if (parts.length === 1) throw malformedPolicy('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  if (parts.length > 2) throw malformedPolicy('Actions/Condition can contain only one colon.');
  const vendor = parts[0] ?? '';
  if (/[^a-zA-Z0-9\-.]/.test(vendor)) throw malformedPolicy(`Vendor ${vendor} is not valid`);
}

/** The document, parsed, when IAM would store it; otherwise the MalformedPolicyDocument IAM answers. */
export function validatePolicyDocument(text: string, kind: PolicyKind): PolicyDocument {
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch {
    throw malformedPolicy(kind === 'trust' ? 'This policy contains invalid Json' : SYNTAX_ERROR);
  }
  const statements = statementsOf(document);
  if (!statements.every((statement) => statementSyntaxHolds(statement, kind))) throw malformedPolicy(SYNTAX_ERROR);
  const parsed = document as unknown as PolicyDocument;
  if (kind === 'managed' && parsed.Version !== '2012-10-17') throw malformedPolicy('Policy document must be version 2012-10-17 or greater.');
  // Legacy parsing: Effect is case-sensitive after all.
  if (!statements.every((statement) => statement.Effect === 'Allow' || statement.Effect === 'Deny')) {
    throw malformedPolicy('The policy failed legacy parsing');
  }
  const sids = statements.map((statement) => statement.Sid).filter((sid): sid is string => typeof sid === 'string' && sid !== '');
  if (new Set(sids).size !== sids.length) throw malformedPolicy('Statement IDs (SID) in a single policy must be unique.');
  if (!statements.every((statement) => strings(statement.Action ?? statement.NotAction).length > 0)) {
    throw malformedPolicy('Policy statement must contain actions.');
  }
  if (kind === 'trust') {
    if (!statements.every((statement) => present(statement, 'Principal') || present(statement, 'NotPrincipal'))) {
      throw malformedPolicy('Missing required field Principal');
    }
  } else if (!statements.every((statement) => strings(statement.Resource ?? statement.NotResource).length > 0)) {
    throw malformedPolicy('Policy statement must contain resources.');
  }
  const resources = statements.flatMap((statement) => strings(statement.Resource ?? statement.NotResource));
  const badResource = resources.find((resource) => resource !== '*' && !resource.includes(':'));
  if (badResource !== undefined) throw malformedPolicy(`Resource ${badResource} must be in ARN format or "*".`);
  for (const action of statements.flatMap((statement) => strings(statement.Action ?? statement.NotAction))) checkAction(action, kind);
  const operators = statements.flatMap((statement) => Object.entries(isObject(statement.Condition) ? statement.Condition : {}));
  const unevaluated = operators.find(([operator, keys]) => isUnevaluatedOperator(operator) && isObject(keys) && Object.keys(keys).length > 0);
  if (unevaluated !== undefined) {
    throw malformedPolicy(`Eventide does not evaluate the condition operator ${unevaluated[0]}: use a String, Numeric, Arn, Bool or Null operator.`);
  }
  return parsed;
}

/** IAM counts a policy's size without whitespace. */
export const policySize = (text: string): number => text.replace(/\s/g, '').length;
