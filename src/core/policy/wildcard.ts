// IAM wildcards: `*` matches any run of characters (including `:` and `/`), `?` exactly one.

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  let source = '';
  for (const character of pattern) {
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else source += character.replace(REGEX_SPECIAL, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su').test(value);
}

/** `arn:partition:service:region:account:resource`; the resource part may itself contain colons. */
function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** ArnEquals/ArnLike: each of the six ARN components is matched on its own, wildcards allowed. */
export function arnMatches(pattern: string, value: string): boolean {
  const patternParts = splitArn(pattern);
  const valueParts = splitArn(value);
  if (patternParts === undefined || valueParts === undefined) return false;
  return patternParts.every((part, index) => wildcardMatches(part, valueParts[index] ?? ''));
}
