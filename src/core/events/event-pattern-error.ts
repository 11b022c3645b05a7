import { AwsError } from '../../lib/errors.js';

/**
 * EventBridge's refusal of a pattern: `InvalidEventPatternException` (400) with the reason in event-ruler's words.
 * AWS also appends the JSON parser's position (`\n at [Source: ...]`); that tail is left out.
 */
export const invalidEventPattern = (reason: string): AwsError =>
  new AwsError('InvalidEventPatternException', 400, `Event pattern is not valid. Reason: ${reason}`);
