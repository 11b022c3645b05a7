import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXmlBody } from '../../../../src/gateway/rest-xml-codec.js';
import { parseNotificationConfiguration } from '../../../../src/services/s3/notification-operations.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:f';

/** A body as the gateway reads it: root checked, content parsed. */
const parse = (inner: string, root = 'NotificationConfiguration') =>
  parseNotificationConfiguration(parseXmlBody(Buffer.from(`<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`), 'NotificationConfiguration'));

const lambda = (inner: string) => `<CloudFunctionConfiguration>${inner}</CloudFunctionConfiguration>`;

describe('PutBucketNotificationConfiguration body', () => {
  it('reads what the AWS CLI and boto3 send for a function, with its filter', () => {
    const configuration = parse(
      lambda(
        `<Id>on-jpg</Id><CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:Delete</Event>` +
          '<Filter><S3Key><FilterRule><Name>Prefix</Name><Value>images/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter>',
      ) + '<EventBridgeConfiguration/>',
    );
    assert.deepEqual(configuration.lambdaFunctions, [
      {
        id: 'on-jpg',
        arn: FUNCTION_ARN,
        events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'],
        filterRules: [
          { name: 'prefix', value: 'images/' },
          { name: 'suffix', value: '.jpg' },
        ],
      },
    ]);
    assert.equal(configuration.eventBridge, true);
  });

  it('an empty configuration removes every destination', () => {
    assert.deepEqual(parse(''), { lambdaFunctions: [], queues: [], topics: [], eventBridge: false });
  });

  it('gives a configuration without Id a generated one', () => {
    const [target] = parse(lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:Put</Event>`)).lambdaFunctions;
    assert.match(target?.id ?? '', /^[0-9a-f-]{36}$/);
  });

  const malformed: [string, string, string?][] = [
    ['another root element', '', 'NotificationConfigurations'],
    ['an unknown configuration', '<LambdaFunctionConfiguration><CloudFunction>x</CloudFunction></LambdaFunctionConfiguration>'],
    ['a misspelled configuration', '<QueueConfig><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue><Event>s3:ObjectCreated:*</Event></QueueConfig>'],
    ['text where configurations belong', '<TopicConfiguration>arn</TopicConfiguration>'],
    ['a misspelled element in a configuration', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Events>s3:ObjectCreated:*</Events>`)],
    ['an element of another kind', lambda(`<Queue>${FUNCTION_ARN}</Queue><Event>s3:ObjectCreated:*</Event>`)],
    ['InvocationRole of the deprecated API', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><InvocationRole>r</InvocationRole>`)],
    ['no ARN', lambda('<Event>s3:ObjectCreated:*</Event>')],
    ['no event', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction>`)],
    ['two ARNs', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event>`)],
    ['two Ids', lambda(`<Id>a</Id><Id>b</Id><CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event>`)],
    ['a misspelled filter element', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><Key/></Filter>`)],
    ['a rule without a value', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name></FilterRule></S3Key></Filter>`)],
    ['a rule without a name', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Value>a</Value></FilterRule></S3Key></Filter>`)],
    ['two filters', lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter/><Filter/>`)],
    ['content in EventBridgeConfiguration', '<EventBridgeConfiguration><Bus>default</Bus></EventBridgeConfiguration>'],
  ];
  for (const [what, inner, root] of malformed) {
    it(`refuses ${what} as MalformedXML`, () => assert.throws(() => parse(inner, root), { code: 'MalformedXML', status: 400 }));
  }

  it('refuses a filter rule that is neither prefix nor suffix, naming it', () => {
    const body = lambda(`<CloudFunction>${FUNCTION_ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>INVALID</Name><Value>x</Value></FilterRule></S3Key></Filter>`);
    assert.throws(() => parse(body), { code: 'InvalidArgument', message: 'filter rule name must be either prefix or suffix', fields: { ArgumentName: 'FilterRule.Name', ArgumentValue: 'INVALID' } });
  });
});
