import assert from 'node:assert/strict';

import { compileFilterPattern } from '../../../../src/core/logs/filter-pattern.js';
import { AwsError } from '../../../../src/lib/errors.js';

/** The pattern is refused as CloudWatch Logs refuses it: InvalidParameterException, 400, this message. */
export function refusal(pattern: string, message: string): void {
  assert.throws(
    () => compileFilterPattern(pattern),
    (error: unknown) => {
      assert.ok(error instanceof AwsError, String(error));
      assert.equal(error.code, 'InvalidParameterException');
      assert.equal(error.status, 400);
      assert.equal(error.message, message);
      return true;
    },
  );
}

export interface MatchRow {
  pattern: string;
  message: string;
  matches: boolean;
}
