import { InvalidArgumentError } from 'commander';

/**
 * Parsers of flag values for commander: a bad value is refused with commander's line (`option '--port <port>'
 * argument 'x' is invalid. It must be …`) and exit code 2, whether it came from the flag or its variable.
 */

export const numberWhere =
  (valid: (n: number) => boolean, rule: string) =>
  (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !valid(value)) throw new InvalidArgumentError(`It must be ${rule}.`);
    return value;
  };

export const matching =
  (pattern: RegExp, rule: string) =>
  (text: string): string => {
    if (!pattern.test(text)) throw new InvalidArgumentError(`It must ${rule}.`);
    return text;
  };

/** `1,2,3`: whole numbers separated by commas. */
export function numberList(text: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (text.trim() === '' || values.some((value) => !Number.isInteger(value))) throw new InvalidArgumentError('It must be whole numbers separated by commas, e.g. 1,2.');
  return values;
}
