import type { MessageAttributes } from '../../core/messaging/message-attributes.js';
import { md5OfMessageAttributes } from '../../core/messaging/sqs/message-md5.js';
import type { OutgoingMessage, ReceivedMessage } from '../../core/messaging/sqs/queue-messages.js';
import { selectMessageAttributes, selectSystemAttributes } from '../../core/messaging/sqs/received-attributes.js';
import { invalidParameter } from '../../core/messaging/sqs/sqs-errors.js';
import { AwsError } from '../../lib/errors.js';
import type { JsonOperation } from '../service.js';
import { batchEntries, batchResult, settleEach } from './batch-entries.js';
import { queueNameOf, type SqsDependencies } from './queue-operations.js';
import { messageAttributes, optionalInteger, optionalString, requiredInteger, requiredString, stringList, type Input } from './sqs-input.js';

const MAX_RECEIVE = 10;
const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_TIMEOUT = 43_200;

/** The message operations, each on SQS's json shapes (the query binding converts to and from them). */
export function messageOperations({ messages, accountId }: SqsDependencies): Record<string, JsonOperation> {
  const nameOf = (input: Input) => queueNameOf(input, accountId);
  return {
    async SendMessage(input) {
      const name = nameOf(input);
      const sent = await messages.sendMessage(name, outgoingMessage(input));
      return { MD5OfMessageBody: sent.md5OfMessageBody, ...optional('MD5OfMessageAttributes', sent.md5OfMessageAttributes), MessageId: sent.messageId };
    },
    async SendMessageBatch(input) {
      const name = nameOf(input);
      const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
      const parsed = settleEach(entries, outgoingMessage);
      const valid = parsed.flatMap((entry) => (entry instanceof AwsError ? [] : [entry]));
      const sent = await messages.sendMessageBatch(name, valid);
      let next = 0;
      const outcomes = parsed.map((entry) => {
        const outcome = entry instanceof AwsError ? entry : sent[next++];
        if (outcome === undefined || outcome instanceof AwsError) return outcome;
        return { MessageId: outcome.messageId, MD5OfMessageBody: outcome.md5OfMessageBody, ...optional('MD5OfMessageAttributes', outcome.md5OfMessageAttributes) };
      });
      return batchResult(entries, outcomes);
    },
    async ReceiveMessage(input) {
      const name = nameOf(input);
      const maxNumberOfMessages = optionalInteger(input, 'MaxNumberOfMessages') ?? 1;
      if (maxNumberOfMessages < 1 || maxNumberOfMessages > MAX_RECEIVE) {
        throw invalidParameter('MaxNumberOfMessages', maxNumberOfMessages, `Must be between 1 and ${MAX_RECEIVE}, if provided.`);
      }
      const waitTimeSeconds = optionalInteger(input, 'WaitTimeSeconds');
      if (waitTimeSeconds !== undefined && (waitTimeSeconds < 0 || waitTimeSeconds > MAX_WAIT_SECONDS)) {
        throw invalidParameter('WaitTimeSeconds', waitTimeSeconds, `Must be >= 0 and <= ${MAX_WAIT_SECONDS}, if provided.`);
      }
      const visibilityTimeout = optionalInteger(input, 'VisibilityTimeout');
      if (visibilityTimeout !== undefined && (visibilityTimeout < 0 || visibilityTimeout > MAX_VISIBILITY_TIMEOUT)) {
        throw invalidParameter('VisibilityTimeout', visibilityTimeout, `Must be >= 0 and <= ${MAX_VISIBILITY_TIMEOUT}, if provided.`);
      }
      // AttributeNames is the older name of MessageSystemAttributeNames; clients send either.
      const systemNames = [...stringList(input, 'AttributeNames'), ...stringList(input, 'MessageSystemAttributeNames')];
      const attributeNames = stringList(input, 'MessageAttributeNames');
      const received = await messages.receive(name, { maxNumberOfMessages, visibilityTimeout, waitTimeSeconds });
      return received.length === 0 ? {} : { Messages: received.map((message) => receivedShape(message, systemNames, attributeNames)) };
    },
    async DeleteMessage(input) {
      const name = nameOf(input);
      const [error] = await messages.deleteMessages(name, [requiredString(input, 'ReceiptHandle')]);
      if (error !== undefined) throw error;
      return {};
    },
    async DeleteMessageBatch(input) {
      const name = nameOf(input);
      const entries = batchEntries(input, 'DeleteMessageBatchRequestEntry');
      const handles = settleEach(entries, (entry) => requiredString(entry, 'ReceiptHandle'));
      const valid = handles.flatMap((handle) => (handle instanceof AwsError ? [] : [handle]));
      const results = await messages.deleteMessages(name, valid);
      let next = 0;
      return batchResult(
        entries,
        handles.map((handle) => (handle instanceof AwsError ? handle : (results[next++] ?? {}))),
      );
    },
    async ChangeMessageVisibility(input) {
      const name = nameOf(input);
      const request = { receiptHandle: requiredString(input, 'ReceiptHandle'), visibilityTimeout: requiredInteger(input, 'VisibilityTimeout') };
      const [error] = await messages.changeVisibility(name, [request]);
      if (error !== undefined) throw error;
      return {};
    },
    async ChangeMessageVisibilityBatch(input) {
      const name = nameOf(input);
      const entries = batchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
      const requests = settleEach(entries, (entry) => ({
        receiptHandle: requiredString(entry, 'ReceiptHandle'),
        visibilityTimeout: requiredInteger(entry, 'VisibilityTimeout'),
      }));
      const valid = requests.flatMap((request) => (request instanceof AwsError ? [] : [request]));
      const results = await messages.changeVisibility(name, valid);
      let next = 0;
      return batchResult(
        entries,
        requests.map((request) => (request instanceof AwsError ? request : (results[next++] ?? {}))),
      );
    },
  };
}

function outgoingMessage(input: Input): OutgoingMessage {
  const deduplicationId = optionalString(input, 'MessageDeduplicationId');
  if (deduplicationId !== undefined) {
    throw invalidParameter('MessageDeduplicationId', deduplicationId, 'The request includes a parameter that is not valid for this queue type.');
  }
  return {
    body: requiredString(input, 'MessageBody'),
    attributes: messageAttributes(input, 'MessageAttributes'),
    delaySeconds: optionalInteger(input, 'DelaySeconds'),
  };
}

function receivedShape(message: ReceivedMessage, systemNames: string[], attributeNames: string[]): Record<string, unknown> {
  const { record } = message;
  const system = selectSystemAttributes(
    {
      senderId: record.senderId,
      sentAt: record.sentAt,
      receiveCount: record.receiveCount,
      firstReceivedAt: record.firstReceivedAt,
      deadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
    },
    systemNames,
  );
  const attributes = selectMessageAttributes(message.attributes, attributeNames);
  const md5 = md5OfMessageAttributes(attributes);
  return {
    MessageId: record.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: record.md5OfBody,
    Body: record.body,
    ...(Object.keys(system).length > 0 ? { Attributes: system } : {}),
    ...optional('MD5OfMessageAttributes', md5),
    ...(md5 === undefined ? {} : { MessageAttributes: attributesShape(attributes) }),
  };
}

function attributesShape(attributes: MessageAttributes): Record<string, Record<string, string>> {
  const shape: Record<string, Record<string, string>> = {};
  for (const [name, { DataType, StringValue, BinaryValue }] of Object.entries(attributes)) {
    shape[name] = BinaryValue === undefined ? { StringValue: StringValue ?? '', DataType } : { BinaryValue: BinaryValue.toString('base64'), DataType };
  }
  return shape;
}

const optional = (name: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [name]: value });
