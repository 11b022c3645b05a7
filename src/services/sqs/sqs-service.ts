import { AwsError, serviceError } from '../../lib/errors.js';
import type { JsonOperation, JsonRpcService, QueryOperation, QueryService } from '../service.js';
import { messageOperations } from './message-operations.js';
import { jsonInputOf, xmlResultOf } from './query-binding.js';
import { queueOperations, type SqsDependencies } from './queue-operations.js';

/** A query request posted to a queue's URL names its queue by the path (`/<account>/<queue>`). */
const QUEUE_PATH = /^\/[^/]+\/[^/]+\/?$/;

/** Operations whose response has no `<{Action}Result>` element. */
const NO_RESULT = new Set(['SetQueueAttributes', 'DeleteQueue', 'PurgeQueue', 'TagQueue', 'UntagQueue', 'DeleteMessage', 'ChangeMessageVisibility']);

export function sqsOperations(dependencies: SqsDependencies): Record<string, JsonOperation> {
  return { ...queueOperations(dependencies), ...messageOperations(dependencies) };
}

/** SQS over json-1.0 (`X-Amz-Target: AmazonSQS.<Operation>`): SDK v3, boto3. */
export function sqsJsonService(operations: Record<string, JsonOperation>): JsonRpcService {
  return { protocol: 'json', signingName: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0', awsQueryCompatible: true, operations };
}

/** SQS over the query protocol (`Action=…`, XML answers): the AWS CLI v2.9 and older SDKs. */
export function sqsQueryService(operations: Record<string, JsonOperation>): QueryService {
  const bound: Record<string, QueryOperation> = {};
  for (const [action, operation] of Object.entries(operations)) {
    bound[action] = async (request) => {
      const input = jsonInputOf(action, request.params);
      if (input.QueueUrl === undefined && QUEUE_PATH.test(request.path)) input.QueueUrl = request.path;
      try {
        const output = (await operation(input, request)) as Record<string, unknown>;
        return NO_RESULT.has(action) ? undefined : xmlResultOf(action, output);
      } catch (error) {
        throw error instanceof AwsError && error.code === 'QueueDoesNotExist' ? queueDoesNotExistForQuery() : error;
      }
    };
  }
  return { protocol: 'query', signingName: 'sqs', xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/', operations: bound };
}

/** The query protocol words QueueDoesNotExist as SQS's SOAP-era API did. */
const queueDoesNotExistForQuery = (): AwsError =>
  serviceError('QueueDoesNotExist', 400, 'The specified queue does not exist for this wsdl version.', {
    queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
  });
