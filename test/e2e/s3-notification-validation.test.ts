/**
 * PutBucketNotificationConfiguration is held to S3's schema and rules, with the AWS CLI v2 and boto3: unknown or
 * misspelled elements are MalformedXML, events must be S3's event types, configurations may not overlap, ids are
 * unique; and a refused configuration leaves the bucket's previous one in place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli, boto3 } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:uploads';
const OTHER_QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:audit';
const MALFORMED = 'The XML you provided was not well-formed or did not validate against our published schema';

/** The configuration every bucket starts with; refused puts must leave it as it is. */
const KEPT = { QueueConfigurations: [{ Id: 'kept', QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'in/' }] } } }] };

describe('S3 notification configuration validation', () => {
  let eventide: EventideProcess;

  before(async () => {
    eventide = await startEventide({ lambdaRole: false });
  });

  after(async () => {
    if (eventide !== undefined) await stopAndClean(eventide);
  });

  /** Destinations are not the point here: S3 checks the configuration itself first, with or without them. */
  const put = (bucket: string, configuration: object) =>
    awsCli(eventide.url, ['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--skip-destination-validation', '--notification-configuration', JSON.stringify(configuration)]);

  const current = async (bucket: string): Promise<unknown> => {
    const got = await awsCli(eventide.url, ['s3api', 'get-bucket-notification-configuration', '--bucket', bucket]);
    assert.equal(got.code, 0, got.stderr);
    return JSON.parse(got.stdout || '{}');
  };

  const bucketWithKeptConfiguration = async () => {
    const bucket = uniqueName('notify');
    const created = await awsCli(eventide.url, ['s3api', 'create-bucket', '--bucket', bucket]);
    assert.equal(created.code, 0, created.stderr);
    const configured = await put(bucket, KEPT);
    assert.equal(configured.code, 0, configured.stderr);
    assert.deepEqual(await current(bucket), KEPT);
    return bucket;
  };

  test('aws s3api: only S3 event types are accepted, those Eventide never emits included; a refused event changes nothing', async () => {
    const bucket = await bucketWithKeptConfiguration();
    for (const event of ['s3:Bogus:*', 'ObjectCreated:Put']) {
      const refused = await put(bucket, { QueueConfigurations: [{ Id: 'new', QueueArn: QUEUE_ARN, Events: ['s3:ObjectRemoved:*', event] }] });
      assert.notEqual(refused.code, 0, `${event} was accepted`);
      assert.match(refused.stderr, /An error occurred \(InvalidArgument\) when calling the PutBucketNotificationConfiguration operation(?: \(reached max retries: 0\))?: The event is not supported for notifications/);
      assert.deepEqual(await current(bucket), KEPT, `after ${event} the previous configuration remains`);
    }

    const unemitted = { QueueConfigurations: [{ Id: 'later', QueueArn: QUEUE_ARN, Events: ['s3:Replication:*', 's3:LifecycleExpiration:*', 's3:IntelligentTiering', 's3:ObjectRestore:*'] }] };
    const accepted = await put(bucket, unemitted);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.deepEqual(await current(bucket), unemitted);
  });

  test('aws s3api: overlapping configurations and a repeated Id are refused as S3 refuses them; nothing changes', async () => {
    const bucket = await bucketWithKeptConfiguration();
    const cases: [string, object, RegExp][] = [
      [
        'two unfiltered configurations sharing an event type',
        {
          QueueConfigurations: [{ QueueArn: QUEUE_ARN, Events: ['s3:ObjectRemoved:*'] }],
          LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:audit', Events: ['s3:ObjectRemoved:Delete'] }],
        },
        /\(InvalidArgument\).*: Configurations overlap\. Configurations on the same bucket cannot share a common event type\./,
      ],
      [
        'a prefix and a suffix that could match one key',
        {
          QueueConfigurations: [
            { QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } } },
            { QueueArn: OTHER_QUEUE_ARN, Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.jpg' }] } } },
          ],
        },
        /\(InvalidArgument\).*: Configuration is ambiguously defined\. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type\./,
      ],
      [
        'one Id on two configurations',
        {
          QueueConfigurations: [
            { Id: 'same', QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'] },
            { Id: 'same', QueueArn: OTHER_QUEUE_ARN, Events: ['s3:ObjectRemoved:*'] },
          ],
        },
        /\(InvalidArgument\)/,
      ],
      [
        'two prefix rules in one filter',
        { QueueConfigurations: [{ QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'a/' }, { Name: 'prefix', Value: 'b/' }] } } }] },
        /\(InvalidArgument\).*: Cannot specify more than one prefix rule in a filter\./,
      ],
    ];
    for (const [what, configuration, error] of cases) {
      const refused = await put(bucket, configuration);
      assert.notEqual(refused.code, 0, `${what} was accepted`);
      assert.match(refused.stderr, error, what);
      assert.deepEqual(await current(bucket), KEPT, `after ${what} the previous configuration remains`);
    }

    const separate = {
      QueueConfigurations: [
        { Id: 'images', QueueArn: QUEUE_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'images/' }] } } },
        { Id: 'logs', QueueArn: OTHER_QUEUE_ARN, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'logs/' }] } } },
      ],
    };
    const accepted = await put(bucket, separate);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.deepEqual(await current(bucket), separate);
  });

  test('boto3: a body with another root or an element S3 does not know is MalformedXML; nothing changes', async () => {
    const bucket = await bucketWithKeptConfiguration();
    const queue = (inner: string) => `<QueueConfiguration><Queue>${QUEUE_ARN}</Queue><Event>s3:ObjectRemoved:*</Event>${inner}</QueueConfiguration>`;
    const bodies: Record<string, string> = {
      'another root': `<NotificationConfigurations>${queue('')}</NotificationConfigurations>`,
      'a misspelled configuration': `<NotificationConfiguration><QueueConfig><Queue>${QUEUE_ARN}</Queue><Event>s3:ObjectRemoved:*</Event></QueueConfig></NotificationConfiguration>`,
      'the SDK member name instead of the element': `<NotificationConfiguration><LambdaFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:f</CloudFunction><Event>s3:ObjectRemoved:*</Event></LambdaFunctionConfiguration></NotificationConfiguration>`,
      'a misspelled element inside': `<NotificationConfiguration>${queue('<Filter><S3Key><FilterRules><Name>prefix</Name><Value>a</Value></FilterRules></S3Key></Filter>')}</NotificationConfiguration>`,
    };
    // Each body replaces what boto3 serialised, before it is checksummed and signed.
    const script = `import boto3, botocore, json, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(s3={'addressing_style': 'path'}))
bodies = json.loads(${JSON.stringify(JSON.stringify(bodies))})
results = {}
for what, body in bodies.items():
    def replace(params, body=body, **kwargs):
        params['body'] = body.encode()
        params['headers'].pop('Content-MD5', None)
    s3.meta.events.register('before-call.s3.PutBucketNotificationConfiguration', replace, unique_id='raw-body')
    try:
        s3.put_bucket_notification_configuration(Bucket='${bucket}', NotificationConfiguration={})
        results[what] = 'accepted'
    except botocore.exceptions.ClientError as error:
        results[what] = [error.response['Error']['Code'], error.response['Error']['Message'], error.response['ResponseMetadata']['HTTPStatusCode']]
    s3.meta.events.unregister('before-call.s3.PutBucketNotificationConfiguration', unique_id='raw-body')
current = s3.get_bucket_notification_configuration(Bucket='${bucket}')
current.pop('ResponseMetadata')
print(json.dumps({'results': results, 'current': current}))`;
    const python = await boto3(eventide.url, script);
    assert.equal(python.code, 0, python.stderr);
    const output = JSON.parse(python.stdout) as { results: Record<string, unknown>; current: unknown };
    for (const what of Object.keys(bodies)) assert.deepEqual(output.results[what], ['MalformedXML', MALFORMED, 400], what);
    assert.deepEqual(output.current, KEPT, 'the previous configuration remains');
  });

  test('boto3: a filter rule without its Value is MalformedXML, not an empty prefix', async () => {
    const bucket = await bucketWithKeptConfiguration();
    const python = await boto3(
      eventide.url,
      `import boto3, botocore, json, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(parameter_validation=False, s3={'addressing_style': 'path'}))
try:
    s3.put_bucket_notification_configuration(Bucket='${bucket}', SkipDestinationValidation=True, NotificationConfiguration={'QueueConfigurations': [
        {'QueueArn': '${QUEUE_ARN}', 'Events': ['s3:ObjectRemoved:*'], 'Filter': {'Key': {'FilterRules': [{'Name': 'prefix'}]}}}]})
    print(json.dumps('accepted'))
except botocore.exceptions.ClientError as error:
    print(json.dumps(error.response['Error']['Code']))`,
    );
    assert.equal(python.code, 0, python.stderr);
    assert.equal(JSON.parse(python.stdout), 'MalformedXML');
    assert.deepEqual(await current(bucket), KEPT);
  });
});
