import { serviceError, type AwsError } from '../../../lib/errors.js';

/**
 * SQS's errors. SQS speaks json-1.0 and, for older clients, the query protocol: the json error code (`__type`) and
 * the query code (also sent as `x-amzn-query-error` on json) differ for some errors, so both are named here.
 */

export const queueDoesNotExist = (): AwsError =>
  serviceError('QueueDoesNotExist', 400, 'The specified queue does not exist.', { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' });

export const queueNameExists = (attribute: string): AwsError =>
  serviceError('QueueNameExists', 400, `A queue already exists with the same name and a different value for attribute ${attribute}`, {
    queryCode: 'QueueAlreadyExists',
  });

export const invalidParameterValue = (message: string): AwsError =>
  serviceError('InvalidParameterValueException', 400, message, { queryCode: 'InvalidParameterValue' });

/** `Value 11 for parameter MaxNumberOfMessages is invalid. Reason: …` */
export const invalidParameter = (parameter: string, value: unknown, reason: string): AwsError =>
  invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);

export const missingParameter = (parameter: string): AwsError =>
  serviceError('MissingRequiredParameterException', 400, `The request must contain the parameter ${parameter}.`, { queryCode: 'MissingParameter' });

export const invalidAttributeName = (message: string): AwsError => serviceError('InvalidAttributeName', 400, message);

export const unknownAttribute = (name: string): AwsError => invalidAttributeName(`Unknown Attribute ${name}.`);

export const invalidAttributeValue = (name: string): AwsError =>
  serviceError('InvalidAttributeValue', 400, `Invalid value for the parameter ${name}.`);

export const invalidMessageContents = (message: string): AwsError => serviceError('InvalidMessageContents', 400, message);

export const receiptHandleIsInvalid = (handle: string): AwsError =>
  serviceError('ReceiptHandleIsInvalid', 404, `The input receipt handle "${handle}" is not a valid receipt handle.`);

export const invalidAddress = (address: string): AwsError =>
  serviceError('InvalidAddress', 404, `The address ${address} is not valid for this endpoint.`);

export const emptyBatchRequest = (entryShape: string): AwsError =>
  serviceError('EmptyBatchRequest', 400, `There should be at least one ${entryShape} in the request.`, {
    queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
  });

export const tooManyEntriesInBatchRequest = (count: number): AwsError =>
  serviceError('TooManyEntriesInBatchRequest', 400, `Maximum number of entries per request are 10. You have sent ${count}.`, {
    queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  });

export const batchEntryIdsNotDistinct = (id: string): AwsError =>
  serviceError('BatchEntryIdsNotDistinct', 400, `Id ${id} repeated.`, { queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct' });

export const invalidBatchEntryId = (): AwsError =>
  serviceError(
    'InvalidBatchEntryId',
    400,
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId' },
  );

export const batchRequestTooLong = (limit: number, size: number): AwsError =>
  serviceError('BatchRequestTooLong', 400, `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`, {
    queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong',
  });

/** FIFO queues are refused with a plain answer rather than served with standard-queue behaviour. */
export const fifoNotSupported = (): AwsError =>
  invalidParameterValue('FIFO queues are not supported by Eventide yet: create a standard queue (a name without the .fifo suffix, no FifoQueue attribute).');
