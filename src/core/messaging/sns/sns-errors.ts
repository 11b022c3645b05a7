import { serviceError, type AwsError } from '../../../lib/errors.js';

/** SNS's errors, in its own words: most refusals are `InvalidParameter` with an `Invalid parameter: …` message. */

export const invalidParameter = (detail: string): AwsError => serviceError('InvalidParameter', 400, `Invalid parameter: ${detail}`);

/** A required parameter that was not sent. */
export const missingParameter = (name: string): AwsError => invalidParameter(`${name} Reason: no value for required parameter`);

/** A message attribute refused (the model's InvalidParameterValueException). */
export const parameterValueInvalid = (message: string): AwsError => serviceError('ParameterValueInvalid', 400, message);

export const topicNotFound = (): AwsError => serviceError('NotFound', 404, 'Topic does not exist');

export const subscriptionNotFound = (): AwsError => serviceError('NotFound', 404, 'Subscription does not exist');

/** Tagging a resource that does not exist. */
export const resourceNotFound = (): AwsError => serviceError('ResourceNotFound', 404, 'Resource does not exist');
