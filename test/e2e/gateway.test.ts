/**
 * The gateway end to end: one port for every AWS service. Health, request ids on every response, and
 * AWS-shaped JSON errors (never HTML, never a dropped connection) for requests it cannot serve.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeLogGroupsCommand, DeleteLogGroupCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand, ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaClient, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let eventide: EventideProcess;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

before(async () => {
  eventide = await startEventide();
  lambda = lambdaClient(eventide.url);
  logs = logsClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  logs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

/** A SigV4-looking Authorization header whose credential scope names `service` (the signature is not checked). */
const signedFor = (service: string): string =>
  `AWS4-HMAC-SHA256 Credential=AKIAEVENTIDETEST/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

interface ErrorAnswer {
  status: number;
  errorType: string;
  requestId: string;
  body: Record<string, unknown>;
}

/** Checks a raw response is an AWS-shaped JSON error (x-amzn-ErrorType, JSON body with a message) and returns it. */
async function awsJsonError(response: Response): Promise<ErrorAnswer> {
  const text = await response.text();
  assert.ok(response.status >= 400 && response.status < 600, `an error status, got ${response.status}: ${text}`);
  const errorType = response.headers.get('x-amzn-errortype');
  assert.ok(errorType !== null && errorType !== '', 'x-amzn-ErrorType header is present');
  assert.match(response.headers.get('content-type') ?? '', /^application\/(x-amz-)?json/);
  assert.doesNotMatch(text, /<html|<!DOCTYPE/i, 'never HTML');
  const body = JSON.parse(text) as Record<string, unknown>;
  const message = body.message ?? body.Message;
  assert.equal(typeof message, 'string', `the body has a message: ${text}`);
  assert.notEqual(message, '');
  assert.doesNotMatch(message as string, /\n\s+at /, 'no stack trace in the message');
  const requestId = response.headers.get('x-amzn-requestid') ?? '';
  assert.match(requestId, UUID, 'x-amzn-RequestId is a UUID');
  return { status: response.status, errorType: errorType ?? '', requestId, body };
}

async function expectHealthy(): Promise<void> {
  const response = await fetch(`${eventide.url}/_eventide/health`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { status: string }).status, 'ok');
}

test('GET /_eventide/health answers 200 JSON with status ok and a request id', async () => {
  const response = await fetch(`${eventide.url}/_eventide/health`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(response.headers.get('x-amzn-requestid') ?? '', UUID);
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(body.status, 'ok');
});

test('every Lambda and Logs response, success or error, carries a distinct UUID x-amzn-RequestId', async () => {
  const ids: string[] = [];
  const lambdaOk = await lambda.send(new ListFunctionsCommand({}));
  assert.equal(lambdaOk.$metadata.httpStatusCode, 200);
  ids.push(lambdaOk.$metadata.requestId ?? '');

  const lambdaError = await lambda.send(new GetFunctionCommand({ FunctionName: uniqueName('gw-missing') })).then(
    () => assert.fail('GetFunction of a missing function succeeded'),
    (error: { name: string; $metadata: { httpStatusCode?: number; requestId?: string } }) => error,
  );
  assert.equal(lambdaError.name, 'ResourceNotFoundException');
  assert.equal(lambdaError.$metadata.httpStatusCode, 404);
  ids.push(lambdaError.$metadata.requestId ?? '');

  const logsOk = await logs.send(new DescribeLogGroupsCommand({}));
  assert.equal(logsOk.$metadata.httpStatusCode, 200);
  ids.push(logsOk.$metadata.requestId ?? '');

  const logsError = await logs.send(new DeleteLogGroupCommand({ logGroupName: `/gw/${uniqueName('missing')}` })).then(
    () => assert.fail('DeleteLogGroup of a missing group succeeded'),
    (error: { name: string; $metadata: { httpStatusCode?: number; requestId?: string } }) => error,
  );
  assert.equal(logsError.name, 'ResourceNotFoundException');
  assert.equal(logsError.$metadata.httpStatusCode, 400);
  ids.push(logsError.$metadata.requestId ?? '');

  for (const id of ids) assert.match(id, UUID);
  assert.equal(new Set(ids).size, ids.length, `request ids are distinct: ${ids.join(', ')}`);
});

test('a request for an AWS service Eventide does not serve (dynamodb) gets an AWS-shaped JSON error, and Eventide keeps serving', async () => {
  const putItem = await fetch(`${eventide.url}/`, {
    method: 'POST',
    headers: { Authorization: signedFor('dynamodb'), 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.PutItem' },
    body: JSON.stringify({ TableName: 'orders', Item: { id: { S: '1' } } }),
  });
  const error = await awsJsonError(putItem);
  assert.match(String(error.body.message ?? error.body.Message), /dynamodb|DynamoDB/);

  const listTables = await fetch(`${eventide.url}/`, { method: 'POST', headers: { Authorization: signedFor('dynamodb') } });
  await awsJsonError(listTables);

  // The connection pool and the server are still fine: health and a real Lambda call both work.
  await expectHealthy();
  const listed = await lambda.send(new ListFunctionsCommand({}));
  assert.equal(listed.$metadata.httpStatusCode, 200);
});

test('an unknown Lambda path is a JSON error with x-amzn-ErrorType, signed or not', async () => {
  const unsigned = await awsJsonError(await fetch(`${eventide.url}/2015-03-31/nothing-here`));
  assert.notEqual(unsigned.status, 200);
  const signed = await awsJsonError(await fetch(`${eventide.url}/2015-03-31/nothing-here`, { headers: { Authorization: signedFor('lambda') } }));
  assert.notEqual(signed.status, 200);
  // A known path with a method it does not take is no different.
  await awsJsonError(await fetch(`${eventide.url}/2015-03-31/functions`, { method: 'DELETE', headers: { Authorization: signedFor('lambda') } }));
  await expectHealthy();
});

test('an unknown json-1.1 operation is 400 UnknownOperationException with __type', async () => {
  const response = await fetch(`${eventide.url}/`, {
    method: 'POST',
    headers: {
      'X-Amz-Target': 'Logs_20140328.NoSuchOperation',
      'Content-Type': 'application/x-amz-json-1.1',
      Authorization: signedFor('logs'),
    },
    body: '{}',
  });
  const error = await awsJsonError(response);
  assert.equal(error.status, 400);
  assert.equal(error.errorType, 'UnknownOperationException');
  assert.equal(error.body.__type, 'UnknownOperationException');
  assert.match(response.headers.get('content-type') ?? '', /^application\/x-amz-json-1\.1/);
});

test('a malformed JSON body to CreateFunction is 400 InvalidRequestContentException and creates nothing', async () => {
  const beforehand = await lambda.send(new ListFunctionsCommand({}));
  const response = await fetch(`${eventide.url}/2015-03-31/functions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: signedFor('lambda') },
    body: '{"FunctionName": "gw-broken", "Runtime": ',
  });
  const error = await awsJsonError(response);
  assert.equal(error.status, 400);
  assert.equal(error.errorType, 'InvalidRequestContentException');
  assert.equal(error.body.Type, 'User');
  assert.match(String(error.body.message), /^Could not parse request body into json/);
  const afterwards = await lambda.send(new ListFunctionsCommand({}));
  assert.equal(afterwards.Functions?.length, beforehand.Functions?.length);
});

test('a Lambda path with broken percent-encoding is a client error (4xx), not an internal error', async () => {
  for (const path of ['/2015-03-31/functions/%E0%A4%A', '/2015-03-31/functions/abc%ZZ/configuration']) {
    const error = await awsJsonError(await fetch(`${eventide.url}${path}`, { headers: { Authorization: signedFor('lambda') } }));
    assert.ok(error.status >= 400 && error.status < 500, `GET ${path}: a 4xx client error, got ${error.status} ${error.errorType}`);
    assert.notEqual(error.errorType, 'ServiceException', `GET ${path}`);
  }
  await expectHealthy();
});

// ---------------------------------------------------------------------------------------------------------------
// The query protocol (SNS, IAM, STS, SQS for older clients): form in, XML out, XML errors.

const formPost = (path: string, form: string, service?: string) =>
  fetch(`${eventide.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', ...(service === undefined ? {} : { Authorization: signedFor(service) }) },
    body: form,
  });

/** Checks an XML ErrorResponse (Type, Code, Message, RequestId equal to x-amzn-RequestId) and returns its code and message. */
async function xmlError(response: Response, status: number): Promise<{ code: string; message: string }> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.match(response.headers.get('content-type') ?? '', /^text\/xml/);
  const requestId = response.headers.get('x-amzn-requestid') ?? '';
  assert.match(requestId, UUID);
  assert.match(text, new RegExp(`<ErrorResponse xmlns="[^"]+"><Error><Type>Sender</Type><Code>[^<]+</Code><Message>[^<]*</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`));
  return { code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '', message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '' };
}

test('a query request without Action, or with an Action the service lacks, is an XML error in the service namespace', async () => {
  assert.deepEqual(await xmlError(await formPost('/', 'Version=2010-03-31&Name=t', 'sns'), 400), {
    code: 'MissingAction',
    message: 'The request must contain the parameter Action.',
  });
  const unknown = await formPost('/', 'Action=LaunchRockets&Version=2010-05-08', 'iam');
  assert.deepEqual(await xmlError(unknown.clone(), 400), { code: 'InvalidAction', message: 'The action LaunchRockets is not valid for this web service.' });
  assert.match(await unknown.text(), /xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"/);
});

test('an unsigned query request is served by the one service that has its Action', async () => {
  const response = await formPost('/', 'Action=CreateTopic&Version=2010-03-31&Name=unsigned-topic');
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.match(text, /<CreateTopicResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:000000000000:unsigned-topic<\/TopicArn><\/CreateTopicResult><ResponseMetadata><RequestId>/);
  const listed = await (await fetch(`${eventide.url}/?Action=ListTopics`)).text();
  assert.match(listed, /unsigned-topic/, 'an unsigned GET with Action in the query string works too');
});

test('malformed query input is refused in XML and stores nothing', async () => {
  // A trust policy that is not JSON: IAM's MalformedPolicyDocument, and no role.
  const created = await formPost('/', 'Action=CreateRole&Version=2010-05-08&RoleName=broken-role&AssumeRolePolicyDocument=%7Bnot%20json', 'iam');
  assert.equal((await xmlError(created, 400)).code, 'MalformedPolicyDocument');
  assert.equal((await xmlError(await formPost('/', 'Action=GetRole&Version=2010-05-08&RoleName=broken-role', 'iam'), 404)).code, 'NoSuchEntity');
  // An SQS message attribute without a data type, sent the way older CLIs send SQS: nothing is queued.
  const queueUrl = `${eventide.url}/000000000000/query-malformed`;
  assert.equal((await formPost('/', 'Action=CreateQueue&QueueName=query-malformed', 'sqs')).status, 200);
  const bad = await formPost('/', `Action=SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.StringValue=v`, 'sqs');
  assert.deepEqual(await xmlError(bad, 400), { code: 'InvalidParameterValue', message: 'The message attribute &apos;a&apos; must contain non-empty message attribute type.' });
  const attributes = await (
    await formPost('/', `Action=GetQueueAttributes&QueueUrl=${encodeURIComponent(queueUrl)}&AttributeName.1=ApproximateNumberOfMessages`, 'sqs')
  ).text();
  assert.match(attributes, /<Name>ApproximateNumberOfMessages<\/Name><Value>0<\/Value>/);
});
