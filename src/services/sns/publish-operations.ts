import type { PublishInput } from '../../core/messaging/sns/publish-input.js';
import type { Publisher } from '../../core/messaging/sns/publisher.js';
import { invalidParameter } from '../../core/messaging/sns/sns-errors.js';
import type { QueryOperation, QueryTree } from '../service.js';
import { memberList, messageAttributes, stringParam } from './query-shapes.js';

/** Publish and PublishBatch. */
export function publishOperations(publisher: Publisher): Record<string, QueryOperation> {
  return {
    async Publish({ params }) {
      const target = {
        topicArn: stringParam(params, 'TopicArn'),
        targetArn: stringParam(params, 'TargetArn'),
        phoneNumber: stringParam(params, 'PhoneNumber'),
      };
      const messageId = await publisher.publish(target, publishInput(params, 'messageAttributes'));
      return { MessageId: messageId };
    },
    async PublishBatch({ params }) {
      const entries = memberList(params, 'PublishBatchRequestEntries').map((member, index) => {
        const entry: QueryTree = typeof member === 'object' && !Array.isArray(member) ? member : {};
        return { id: stringParam(entry, 'Id'), input: publishInput(entry, `publishBatchRequestEntries.${index + 1}.member.messageAttributes`) };
      });
      const outcomes = await publisher.publishBatch(stringParam(params, 'TopicArn'), entries);
      return {
        Successful: { member: outcomes.flatMap((outcome) => ('messageId' in outcome ? [{ Id: outcome.id, MessageId: outcome.messageId }] : [])) },
        Failed: {
          member: outcomes.flatMap((outcome) =>
            'error' in outcome
              ? [{ Id: outcome.id, Code: outcome.error.queryCode ?? outcome.error.code, Message: outcome.error.message, SenderFault: outcome.error.status < 500 }]
              : [],
          ),
        },
      };
    },
  };
}

/** One message's parameters, in Publish or in a PublishBatch entry. */
function publishInput(params: QueryTree, attributesAt: string): PublishInput {
  if (stringParam(params, 'MessageDeduplicationId') !== undefined) {
    throw invalidParameter('MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
  }
  return {
    message: stringParam(params, 'Message'),
    subject: stringParam(params, 'Subject'),
    messageStructure: stringParam(params, 'MessageStructure'),
    attributes: messageAttributes(params, attributesAt),
  };
}
