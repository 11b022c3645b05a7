/** EventBridge's errors, with the codes and messages AWS answers. */
import { serviceError, type AwsError } from '../../lib/errors.js';

export const eventsValidation = (message: string): AwsError => serviceError('ValidationException', 400, message);

export const busNotFound = (name: string): AwsError => serviceError('ResourceNotFoundException', 400, `Event bus ${name} does not exist.`);

export const ruleNotFound = (busName: string, name: string): AwsError =>
  serviceError('ResourceNotFoundException', 400, `Rule ${name} does not exist on EventBus ${busName}.`);

export const busAlreadyExists = (name: string): AwsError => serviceError('ResourceAlreadyExistsException', 400, `Event bus ${name} already exists.`);

export const invalidArnTarget = (arn: string): AwsError => eventsValidation(`Parameter ${arn} is not valid. Reason: Provided Arn is not in correct format.`);
