/**
 * Request validation for IAM and STS, in their words: model constraints collect into one `ValidationError`
 * ("2 validation errors detected: Value '…' at 'roleName' failed to satisfy constraint: …; …"). IAM leaves the
 * value out for some members (tags, documents, version ids): `show: false`.
 */
import { validationError } from '../../core/iam/iam-errors.js';

export class Problems {
  private readonly list: string[] = [];

  private add(value: unknown, member: string, constraint: string, show: boolean): void {
    const shown = show ? `Value '${String(value)}' at` : 'Value at';
    this.list.push(`${shown} '${member}' failed to satisfy constraint: ${constraint}`);
  }

  required(value: unknown, member: string): void {
    if (value === undefined) this.list.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }

  length(value: string | undefined, member: string, min: number, max: number, show = true): void {
    if (value === undefined) return;
    if (value.length < min) this.add(value, member, `Member must have length greater than or equal to ${min}`, show);
    else if (value.length > max) this.add(value, member, `Member must have length less than or equal to ${max}`, show);
  }

  pattern(value: string | undefined, member: string, pattern: string, show = true): void {
    if (value !== undefined && !new RegExp(`^(?:${pattern})$`, 'u').test(value)) {
      this.add(value, member, `Member must satisfy regular expression pattern: ${pattern}`, show);
    }
  }

  range(value: number | undefined, member: string, min: number, max: number): void {
    if (value === undefined) return;
    if (value < min) this.add(value, member, `Member must have value greater than or equal to ${min}`, true);
    else if (value > max) this.add(value, member, `Member must have value less than or equal to ${max}`, true);
  }

  oneOf(value: string | undefined, member: string, allowed: readonly string[]): void {
    if (value !== undefined && !allowed.includes(value)) this.add(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`, true);
  }

  /** A list's element count, reported without its elements. */
  count(items: unknown[] | undefined, member: string, max: number): void {
    if (items !== undefined && items.length > max) this.add(undefined, member, `Member must have length less than or equal to ${max}`, false);
  }

  throwIfAny(): void {
    const n = this.list.length;
    if (n > 0) throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.list.join('; ')}`);
  }
}
