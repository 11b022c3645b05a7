/**
 * Reading IAM's query parameters with IAM's constraints. Each reader checks the model's constraints (collected
 * into one ValidationError by `Problems`) and, where IAM words them its own way, its own messages.
 */
import type { IamTag } from '../../store/iam.js';
import type { QueryTree, QueryValue } from '../service.js';
import { invalidInput, validationError } from '../../core/iam/iam-errors.js';
import { Problems } from './validation.js';

export const NAME_PATTERN = '[\\w+=,.@-]+';
const ROLE_PATH_PATTERN = '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)';
const POLICY_PATH_PATTERN = '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/';
const ROLE_PATH_PREFIX_PATTERN = '\\u002F[\\u0021-\\u007F]*';
const DOCUMENT_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
const ROLE_DESCRIPTION_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*';
const VERSION_ID_PATTERN = 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?';
const TAG_KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const TAG_VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
const PATH_MESSAGE = 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.';

const nameMessage = (member: string): string =>
  `The specified value for ${member} is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-`;

/** `RoleName` → `roleName`: the member name IAM's messages use. */
const memberOf = (parameter: string): string => parameter.charAt(0).toLowerCase() + parameter.slice(1);

const asString = (value: QueryValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** One request's parameters. Problems collect in `problems`; call `done()` before acting. */
export class IamInput {
  readonly problems = new Problems();
  /** Checks that come after the model's (IAM answers those first), run by `done()`. */
  private readonly laterChecks: (() => void)[] = [];

  constructor(private readonly params: QueryTree) {}

  string(parameter: string): string | undefined {
    return asString(this.params[parameter]);
  }

  required(parameter: string): string {
    const value = this.string(parameter);
    this.problems.required(value, memberOf(parameter));
    return value ?? '';
  }

  integer(parameter: string, min: number, max: number): number | undefined {
    const text = this.string(parameter);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value)) throw validationError(`Invalid value for ${parameter}: ${text} is not an integer.`);
    this.problems.range(value, memberOf(parameter), min, max);
    return value;
  }

  boolean(parameter: string): boolean | undefined {
    const text = this.string(parameter);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false') throw validationError(`Invalid value for ${parameter}: ${text} is not a boolean.`);
    return text === 'true';
  }

  /** `RoleName`, `PolicyName`: an IAM name of at most `max` characters. */
  name(parameter: string, max: number): string {
    const value = this.required(parameter);
    const member = memberOf(parameter);
    this.problems.length(value, member, 1, max);
    this.later(() => {
      if (!new RegExp(`^${NAME_PATTERN}$`).test(value)) throw validationError(nameMessage(member));
    });
    return value;
  }

  /** `Path` of a role or a policy; `/` when absent. */
  path(kind: 'role' | 'policy'): string {
    const value = this.string('Path');
    this.problems.length(value, 'path', 1, 512);
    this.later(() => {
      const pattern = kind === 'role' ? ROLE_PATH_PATTERN : POLICY_PATH_PATTERN;
      if (value !== undefined && !new RegExp(`^(?:${pattern})$`, 'u').test(value)) throw validationError(PATH_MESSAGE);
    });
    return value ?? '/';
  }

  /** `PathPrefix`; `/` (everything) when absent. */
  pathPrefix(kind: 'role' | 'policy'): string {
    const value = this.string('PathPrefix');
    this.problems.length(value, 'pathPrefix', 1, 512);
    this.problems.pattern(value, 'pathPrefix', kind === 'role' ? ROLE_PATH_PREFIX_PATTERN : POLICY_PATH_PATTERN);
    return value ?? '/';
  }

  document(parameter: string): string {
    const value = this.required(parameter);
    const member = memberOf(parameter);
    this.problems.length(value, member, 1, 131_072, false);
    if (value !== '' && value.length <= 131_072) this.problems.pattern(value, member, DOCUMENT_PATTERN, false);
    return value;
  }

  description(kind: 'role' | 'policy'): string | undefined {
    const value = this.string('Description');
    this.problems.length(value, 'description', 0, 1000);
    if (kind === 'role') this.problems.pattern(value, 'description', ROLE_DESCRIPTION_PATTERN);
    return value;
  }

  policyArn(): string {
    const value = this.required('PolicyArn');
    this.problems.length(value, 'policyArn', 20, 2048);
    this.later(() => {
      if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(value)) throw validationError(`ARN ${value} is not valid.`);
    });
    return value;
  }

  versionId(): string {
    const value = this.required('VersionId');
    this.problems.pattern(value, 'versionId', VERSION_ID_PATTERN, false);
    return value;
  }

  /** `Marker` and `MaxItems` (default 100). */
  page(): { marker: string | undefined; maxItems: number } {
    const marker = this.string('Marker');
    this.problems.length(marker, 'marker', 1, 320, false);
    return { marker, maxItems: this.integer('MaxItems', 1, 1000) ?? 100 };
  }

  /** `Tags.member.N.Key/Value`. Duplicate keys: roles compare them without case, policies with. */
  tags(duplicates: 'case-insensitive' | 'case-sensitive'): IamTag[] {
    const list = this.params.Tags;
    const members = typeof list === 'object' && !Array.isArray(list) ? list.member : undefined;
    const entries = Array.isArray(members) ? members : [];
    this.problems.count(entries, 'tags', 50);
    const tags = entries.map((entry, index) => {
      const tree = typeof entry === 'object' && !Array.isArray(entry) ? entry : {};
      const key = asString(tree.Key);
      const value = asString(tree.Value);
      const member = `tags.${index + 1}.member`;
      this.problems.required(key, `${member}.key`);
      this.problems.required(value, `${member}.value`);
      this.problems.length(key, `${member}.key`, 1, 128, false);
      this.problems.pattern(key, `${member}.key`, TAG_KEY_PATTERN, false);
      this.problems.length(value, `${member}.value`, 0, 256, false);
      this.problems.pattern(value, `${member}.value`, TAG_VALUE_PATTERN, false);
      return { key: key ?? '', value: value ?? '' };
    });
    this.later(() => {
      const keys = tags.map((tag) => (duplicates === 'case-insensitive' ? tag.key.toLowerCase() : tag.key));
      if (new Set(keys).size === keys.length) return;
      throw invalidInput(duplicates === 'case-insensitive' ? 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' : 'Duplicate tag keys found.');
    });
    return tags;
  }

  private later(check: () => void): void {
    this.laterChecks.push(check);
  }

  /** Throws the model's ValidationError, if any, then IAM's own checks in parameter order. */
  done(): void {
    this.problems.throwIfAny();
    for (const check of this.laterChecks) check();
  }
}
