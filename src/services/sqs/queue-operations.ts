import type { QueueMessages } from '../../core/messaging/sqs/queue-messages.js';
import type { Queues } from '../../core/messaging/sqs/queues.js';
import { invalidParameter, invalidParameterValue, missingParameter, queueDoesNotExist } from '../../core/messaging/sqs/sqs-errors.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import type { JsonOperation } from '../service.js';
import { queueNameOfUrl, queueUrl } from './queue-url.js';
import { optionalInteger, optionalString, requiredString, requiredStringMap, stringList, stringMap, type Input } from './sqs-input.js';

export interface SqsDependencies {
  queues: Queues;
  messages: QueueMessages;
  accountId: string;
  /** The URL Eventide is reachable at; queue URLs are built on it. */
  endpointUrl: string;
}

/** ListQueues answers at most this many URLs. */
const MAX_LIST_RESULTS = 1000;

/** The queue a request's `QueueUrl` names. */
export const queueNameOf = (input: Input, accountId: string): string => queueNameOfUrl(requiredString(input, 'QueueUrl'), accountId);

/** The queue operations, each on SQS's json shapes (the query binding converts to and from them). */
export function queueOperations({ queues, accountId, endpointUrl }: SqsDependencies): Record<string, JsonOperation> {
  const urlOf = (name: string) => queueUrl(endpointUrl, accountId, name);
  const nameOf = (input: Input) => queueNameOf(input, accountId);
  return {
    async CreateQueue(input) {
      const name = requiredString(input, 'QueueName');
      await queues.create(name, stringMap(input, 'Attributes'), stringMap(input, 'tags'));
      return { QueueUrl: urlOf(name) };
    },
    async GetQueueUrl(input) {
      const name = requiredString(input, 'QueueName');
      const owner = optionalString(input, 'QueueOwnerAWSAccountId');
      if (owner !== undefined && owner !== accountId) throw queueDoesNotExist();
      await queues.require(name);
      return { QueueUrl: urlOf(name) };
    },
    async ListQueues(input) {
      const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
      const maxResults = optionalInteger(input, 'MaxResults');
      if (maxResults !== undefined && (maxResults < 1 || maxResults > MAX_LIST_RESULTS)) {
        throw invalidParameter('MaxResults', maxResults, `MaxResults must be an integer between 1 and ${MAX_LIST_RESULTS}.`);
      }
      const after = afterToken(optionalString(input, 'NextToken'));
      const limit = maxResults ?? MAX_LIST_RESULTS;
      const names = await queues.listNames(prefix, after, limit + 1);
      const page = names.slice(0, limit);
      // As on SQS, only a request that set MaxResults is given a NextToken.
      const next = maxResults !== undefined && names.length > limit ? encodePageToken(page[page.length - 1] ?? '') : undefined;
      return { ...(page.length > 0 ? { QueueUrls: page.map(urlOf) } : {}), ...(next === undefined ? {} : { NextToken: next }) };
    },
    async GetQueueAttributes(input) {
      const attributes = await queues.attributes(nameOf(input), stringList(input, 'AttributeNames'));
      return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
    },
    async SetQueueAttributes(input) {
      const name = nameOf(input);
      await queues.setAttributes(name, requiredStringMap(input, 'Attributes'));
      return {};
    },
    async DeleteQueue(input) {
      await queues.delete(nameOf(input));
      return {};
    },
    async PurgeQueue(input) {
      await queues.purge(nameOf(input));
      return {};
    },
    async TagQueue(input) {
      const name = nameOf(input);
      await queues.tag(name, requiredStringMap(input, 'Tags'));
      return {};
    },
    async UntagQueue(input) {
      const name = nameOf(input);
      const keys = stringList(input, 'TagKeys');
      if (keys.length === 0) throw missingParameter('TagKeys');
      await queues.untag(name, keys);
      return {};
    },
    async ListQueueTags(input) {
      const tags = await queues.tags(nameOf(input));
      return Object.keys(tags).length > 0 ? { Tags: tags } : {};
    },
  };
}

function afterToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const name = decodePageToken(token);
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw invalidParameterValue('Invalid NextToken value.');
  return name;
}
