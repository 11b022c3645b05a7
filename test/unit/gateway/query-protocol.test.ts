import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { queryError } from '../../../src/gateway/error-shape.js';
import { decodeQueryParams, queryResponse } from '../../../src/gateway/query-protocol.js';
import { serviceError } from '../../../src/lib/errors.js';

describe('query protocol parameters', () => {
  const cases: { name: string; form: string; expected: unknown }[] = [
    { name: 'flat scalars', form: 'Action=CreateQueue&QueueName=jobs', expected: { Action: 'CreateQueue', QueueName: 'jobs' } },
    {
      name: 'flattened list in index order, not text order',
      form: 'AttributeName.2=QueueArn&AttributeName.1=All&AttributeName.10=Policy',
      expected: { AttributeName: ['All', 'QueueArn', 'Policy'] },
    },
    {
      name: 'SNS entry map',
      form: 'Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Jobs&Attributes.entry.2.key=Policy&Attributes.entry.2.value=%7B%7D',
      expected: { Attributes: { entry: [{ key: 'DisplayName', value: 'Jobs' }, { key: 'Policy', value: '{}' }] } },
    },
    {
      name: 'SQS message attribute with nested value',
      form: 'MessageAttribute.1.Name=kind&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=a.b%20c',
      expected: { MessageAttribute: [{ Name: 'kind', Value: { DataType: 'String', StringValue: 'a.b c' } }] },
    },
    { name: 'IAM member list', form: 'Tags.member.1.Key=team&Tags.member.1.Value=core', expected: { Tags: { member: [{ Key: 'team', Value: 'core' }] } } },
    { name: 'gaps in indexes close up', form: 'Id.1=a&Id.3=c', expected: { Id: ['a', 'c'] } },
    { name: 'index 0 is a name, not an index', form: 'X.0=a', expected: { X: { 0: 'a' } } },
    { name: 'a nested level wins over a scalar of the same name', form: 'A.1=x&A=y', expected: { A: ['x'] } },
  ];
  for (const { name, form, expected } of cases) {
    it(name, () => assert.deepEqual(decodeQueryParams(new URLSearchParams(form)), expected));
  }
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, htmlEntities: true });

describe('query protocol responses', () => {
  it('wraps the result, repeats array members and escapes text, carriage returns included', () => {
    const xml = queryResponse('ReceiveMessage', 'http://queue.amazonaws.com/doc/2012-11-05/', 'req-1', {
      Message: [{ Body: 'a<b>&"c"\r\n', MessageId: 'm1' }, { Body: 'two', MessageId: 'm2', Skipped: undefined }],
      Truncated: false,
    });
    assert.match(xml, /&#xD;\n/);
    const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
    const response = doc.ReceiveMessageResponse;
    assert.equal(response?.['@_xmlns'], 'http://queue.amazonaws.com/doc/2012-11-05/');
    assert.deepEqual(response?.ReceiveMessageResult, {
      Message: [{ Body: 'a<b>&"c"\r\n', MessageId: 'm1' }, { Body: 'two', MessageId: 'm2' }],
      Truncated: 'false',
    });
    assert.deepEqual(response?.ResponseMetadata, { RequestId: 'req-1' });
  });

  it('has no Result element when the operation returns nothing', () => {
    const doc = parser.parse(queryResponse('DeleteMessage', 'ns', 'req-2', undefined)) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(doc.DeleteMessageResponse ?? {}).sort(), ['@_xmlns', 'ResponseMetadata']);
  });

  it('errors name the query code, the fault side and the request id', () => {
    const missing = serviceError('QueueDoesNotExist', 400, 'The specified queue does not exist.', { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' });
    const wire = queryError(missing, 'http://queue.amazonaws.com/doc/2012-11-05/', 'req-3');
    assert.equal(wire.status, 400);
    assert.equal(wire.headers['Content-Type'], 'text/xml');
    const doc = parser.parse(wire.body) as { ErrorResponse: Record<string, unknown> };
    assert.deepEqual(doc.ErrorResponse.Error, {
      Type: 'Sender',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      Message: 'The specified queue does not exist.',
    });
    assert.equal(doc.ErrorResponse.RequestId, 'req-3');
    const internal = parser.parse(queryError(serviceError('InternalFailure', 500, 'boom'), 'ns', 'r').body) as { ErrorResponse: { Error: { Type: string } } };
    assert.equal(internal.ErrorResponse.Error.Type, 'Receiver');
  });
});
