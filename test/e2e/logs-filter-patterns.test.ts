/**
 * CloudWatch Logs filter patterns end to end: a Node.js function writes JSON lines (as pino and other structured
 * loggers do, straight to stdout) and access-log lines; FilterLogEvents finds them with JSON, space-delimited and
 * term patterns through the AWS CLI and the SDK, TestMetricFilter extracts fields, and bad patterns are refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { FilterLogEventsCommand, TestMetricFilterCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

import { awsCliError, awsCliJson, lambdaClient, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, uniqueName, zipOf } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ERROR_JSON = '{"level":"ERROR","latency":250,"user":{"id":7},"tags":["db","slow"],"cached":false,"trace":null}';
const INFO_JSON = '{"level":"INFO","latency":12,"user":{"id":8},"tags":["web"],"cached":true}';
const WARN_JSON = '{"level":"WARN","latency":120,"user":{"id":7},"tags":["db"]}';
const FRANK_404 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
const ALICE_200 = '127.0.0.1 - alice [10/Oct/2000:13:35:22 -0700] "GET /big.iso HTTP/1.0" 200 98765';
const BOB_403 = '10.0.0.2 - bob [10/Oct/2000:13:50:35 -0700] "POST /login.html HTTP/1.0" 403 12';
const LINES = [ERROR_JSON, INFO_JSON, WARN_JSON, FRANK_404, ALICE_200, BOB_403];

/** Writes each line to stdout as it is: one log event per line, no timestamp or level prefix. */
const HANDLER = `const lines = ${JSON.stringify(LINES)};
exports.handler = async () => {
  for (const line of lines) process.stdout.write(line + '\\n');
  return 'logged';
};
`;

let eventide: EventideProcess;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;
const fn = uniqueName('patterns');
const group = `/aws/lambda/${fn}`;
const INVOCATIONS = 2;

/** The messages FilterLogEvents returns for a pattern through the AWS CLI (which follows nextToken), newlines removed. */
async function cliMessages(pattern: string): Promise<string[]> {
  const output = await awsCliJson<{ events: { message: string }[] }>(eventide.url, [
    'logs',
    'filter-log-events',
    '--log-group-name',
    group,
    '--filter-pattern',
    pattern,
  ]);
  return output.events.map((event) => event.message.trimEnd());
}

async function sdkMessages(pattern: string): Promise<string[]> {
  const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: pattern }));
  return events.map((event) => (event.message ?? '').trimEnd());
}

/** Each of these lines, once per invocation, in the order the function wrote them. */
const written = (...lines: string[]): string[] => Array.from({ length: INVOCATIONS }, () => lines).flat();

describe('CloudWatch Logs filter patterns on a function’s logs', () => {
  before(async () => {
    eventide = await startEventide();
    lambda = lambdaClient(eventide.url);
    logs = logsClient(eventide.url);
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: fn, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await zipOf({ 'index.js': HANDLER }) } }),
    );
    for (let i = 0; i < INVOCATIONS; i++) {
      const result = await lambda.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{}') }));
      assert.equal(result.FunctionError, undefined, Buffer.from(result.Payload ?? []).toString());
    }
  });

  after(async () => {
    lambda?.destroy();
    logs?.destroy();
    if (eventide !== undefined) await stopAndClean(eventide);
  });

  test("aws logs filter-log-events --filter-pattern '{ $.level = \"ERROR\" }' returns the ERROR lines only", async () => {
    assert.deepEqual(await cliMessages('{ $.level = "ERROR" }'), written(ERROR_JSON));
  });

  test('JSON patterns: numbers, nested selectors, &&, ||, parentheses, arrays, wildcards, IS NULL, NOT EXISTS, IS TRUE', async () => {
    assert.deepEqual(await sdkMessages('{ $.latency > 100 && $.user.id = 7 }'), written(ERROR_JSON, WARN_JSON));
    assert.deepEqual(await sdkMessages('{ $.latency < 100 || $.level = "WARN" }'), written(INFO_JSON, WARN_JSON));
    assert.deepEqual(await sdkMessages('{ ($.level = "ERROR" || $.level = "INFO") && $.latency >= 12 && $.latency <= 12 }'), written(INFO_JSON));
    assert.deepEqual(await sdkMessages('{ $.tags[1] = "slow" }'), written(ERROR_JSON));
    assert.deepEqual(await sdkMessages('{ $.tags[0] = "db" }'), written(ERROR_JSON, WARN_JSON));
    assert.deepEqual(await sdkMessages('{ $.level = *R* }'), written(ERROR_JSON, WARN_JSON));
    assert.deepEqual(await sdkMessages('{ $.level != "INFO" }'), written(ERROR_JSON, WARN_JSON));
    assert.deepEqual(await sdkMessages('{ $.trace IS NULL }'), written(ERROR_JSON));
    assert.deepEqual(await sdkMessages('{ $.trace NOT EXISTS && $.cached IS TRUE }'), written(INFO_JSON));
    assert.deepEqual(await sdkMessages('{ $.cached IS FALSE }'), written(ERROR_JSON));
    assert.deepEqual(await sdkMessages('{ $.level = %^[EW]% }'), written(ERROR_JSON, WARN_JSON));
  });

  test('space-delimited patterns through the AWS CLI: fields, ..., wildcards, numeric comparisons, && inside a field', async () => {
    assert.deepEqual(await cliMessages('[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]'), written(FRANK_404, BOB_403));
    // Without `...` the field count must match: the REPORT line's '43 MB' would match `..., status_code = 4*, bytes`.
    assert.deepEqual(await cliMessages('[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]'), written(FRANK_404));
    assert.deepEqual(await cliMessages('[ip, ..., bytes > 1000]'), written(FRANK_404, ALICE_200));
    assert.deepEqual(await cliMessages('[ip = 10.*, ...]'), written(BOB_403));
    assert.deepEqual(await cliMessages('[ip, user, username = alice || username = bob, ...]'), written(ALICE_200, BOB_403));
  });

  test('term patterns still work beside them: phrases, ?any, -exclusions', async () => {
    assert.deepEqual(await cliMessages('?frank ?alice'), written(FRANK_404, ALICE_200));
    assert.deepEqual(await cliMessages('"GET /" -frank'), written(ALICE_200));
    assert.deepEqual(await cliMessages('%slow|web%'), written(ERROR_JSON, INFO_JSON));
  });

  test('aws logs test-metric-filter shows which messages match and the fields a space-delimited pattern extracts', async () => {
    const output = await awsCliJson<{ matches: { eventNumber: number; eventMessage: string; extractedValues: Record<string, string> }[] }>(eventide.url, [
      'logs',
      'test-metric-filter',
      '--filter-pattern',
      '[ip, user, username, timestamp, request, status_code = 4*, bytes]',
      '--log-event-messages',
      FRANK_404,
      ALICE_200,
      BOB_403,
    ]);
    assert.deepEqual(output.matches, [
      {
        eventNumber: 1,
        eventMessage: FRANK_404,
        extractedValues: {
          $ip: '127.0.0.1',
          $user: '-',
          $username: 'frank',
          $timestamp: '10/Oct/2000:13:25:15 -0700',
          $request: 'GET /index.html HTTP/1.0',
          $status_code: '404',
          $bytes: '1534',
        },
      },
      {
        eventNumber: 3,
        eventMessage: BOB_403,
        extractedValues: {
          $ip: '10.0.0.2',
          $user: '-',
          $username: 'bob',
          $timestamp: '10/Oct/2000:13:50:35 -0700',
          $request: 'POST /login.html HTTP/1.0',
          $status_code: '403',
          $bytes: '12',
        },
      },
    ]);
    const json = await logs.send(new TestMetricFilterCommand({ filterPattern: '{ $.latency > 100 }', logEventMessages: [ERROR_JSON, INFO_JSON, 'not json'] }));
    assert.deepEqual(json.matches, [{ eventNumber: 1, eventMessage: ERROR_JSON, extractedValues: {} }]);
  });

  test('invalid patterns are refused with InvalidParameterException and CloudWatch’s message', async () => {
    const stderr = await awsCliError(eventide.url, ['logs', 'filter-log-events', '--log-group-name', group, '--filter-pattern', '{ $.level == "ERROR" }']);
    assert.match(stderr, /\(InvalidParameterException\) when calling the FilterLogEvents operation.*: Invalid filter pattern$/m);
    await expectError(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = "ERROR"' })), 'InvalidParameterException', 400, "If a filter pattern starts with '{' it must end with '}'");
    await expectError(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'user@example.com' })), 'InvalidParameterException', 400, "Invalid character(s) in term 'user@example.com'");
    await expectError(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '[ip, status_code = 4* && bytes > 1000]' })), 'InvalidParameterException', 400, 'Invalid filter pattern');
    await expectError(
      logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `"${'x'.repeat(1100)}"` })),
      'InvalidParameterException',
      400,
      /^1 validation error detected: Value '.*' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024$/,
    );
    // CloudWatch's regular expressions have no parentheses.
    await expectError(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = %^(E|W)% }' })), 'InvalidParameterException', 400, 'Invalid filter pattern');
    await expectError(logs.send(new TestMetricFilterCommand({ filterPattern: '{ $.a > "b" }', logEventMessages: ['{}'] })), 'InvalidParameterException', 400, 'Invalid filter pattern');
  });
});
