import type { Topics } from '../../core/messaging/sns/topics.js';
import type { QueryOperation } from '../service.js';
import { attributesXml, entryMap, memberList, stringParam, tagList } from './query-shapes.js';

/** CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes and the tagging operations. */
export function topicOperations(topics: Topics): Record<string, QueryOperation> {
  return {
    async CreateTopic({ params }) {
      const arn = await topics.create(stringParam(params, 'Name'), entryMap(params, 'Attributes'), tagList(params));
      return { TopicArn: arn };
    },
    async DeleteTopic({ params }) {
      await topics.delete(stringParam(params, 'TopicArn'));
      return undefined;
    },
    async ListTopics({ params }) {
      const page = await topics.list(stringParam(params, 'NextToken'));
      return { Topics: { member: page.arns.map((arn) => ({ TopicArn: arn })) }, NextToken: page.nextToken };
    },
    async GetTopicAttributes({ params }) {
      return attributesXml(await topics.attributes(stringParam(params, 'TopicArn')));
    },
    async SetTopicAttributes({ params }) {
      await topics.setAttribute(stringParam(params, 'TopicArn'), stringParam(params, 'AttributeName'), stringParam(params, 'AttributeValue'));
      return undefined;
    },
    async TagResource({ params }) {
      await topics.tag(stringParam(params, 'ResourceArn'), tagList(params));
      return {};
    },
    async UntagResource({ params }) {
      const keys = memberList(params, 'TagKeys').filter((key): key is string => typeof key === 'string');
      await topics.untag(stringParam(params, 'ResourceArn'), keys);
      return {};
    },
    async ListTagsForResource({ params }) {
      const tags = await topics.tags(stringParam(params, 'ResourceArn'));
      return { Tags: { member: tags.map(({ Key, Value }) => ({ Key, Value })) } };
    },
  };
}
