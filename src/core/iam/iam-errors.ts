/** IAM's and STS's errors as the query protocol names them (`ErrorResponse/Error/Code`), with their statuses. */
import { serviceError, type AwsError } from '../../lib/errors.js';

export const noSuchEntity = (message: string): AwsError => serviceError('NoSuchEntity', 404, message);

export const entityAlreadyExists = (message: string): AwsError => serviceError('EntityAlreadyExists', 409, message);

export const deleteConflict = (message: string): AwsError => serviceError('DeleteConflict', 409, message);

export const limitExceeded = (message: string): AwsError => serviceError('LimitExceeded', 409, message);

export const validationError = (message: string): AwsError => serviceError('ValidationError', 400, message);

export const invalidInput = (message: string): AwsError => serviceError('InvalidInput', 400, message);

export const accessDenied = (message: string): AwsError => serviceError('AccessDenied', 403, message);

export const noSuchRole = (name: string): AwsError => noSuchEntity(`The role with name ${name} cannot be found.`);

export const policyNotFound = (arn: string): AwsError => noSuchEntity(`Policy ${arn} was not found.`);
