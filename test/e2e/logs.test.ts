/**
 * CloudWatch Logs end to end: a real Eventide, functions on a custom runtime (a shell `bootstrap` that speaks the
 * Runtime API with curl), read back with the SDK v3 and the AWS CLI.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  type CloudWatchLogsClient,
  type FilterLogEventsCommandInput,
  type FilteredLogEvent,
  type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

import { awsCli, lambdaClient, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, uniqueName, zipOf } from './support/fixtures.js';

/** A custom runtime: prints one line per event, then answers with the event itself. */
const BOOTSTRAP = `#!/bin/sh
set -eu
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
h=$(mktemp)
b=$(mktemp)
while true; do
  curl -sS -D "$h" -o "$b" "$api/invocation/next"
  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$h" | tr -d '\\r' | cut -d' ' -f2)
  echo "processing $(cat "$b")"
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$b" "$api/invocation/$id/response"
done
`;

const STREAM_NAME = /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/;
const reportPattern = (requestId: string) =>
  new RegExp(
    `^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\t(Init Duration: \\d+\\.\\d\\d ms\\t)?\\n$`,
  );

interface Invoked {
  requestId: string;
  payload: string;
  response: string;
  /** Base64 `LogResult`, when the invocation asked for `LogType: 'Tail'`. */
  logResult?: string | undefined;
}

let eventide: EventideProcess;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;
let zip: Buffer;

/** The main function: three invocations, one after the other, so one environment and one stream. */
const fn = uniqueName('logs-e2e');
const group = `/aws/lambda/${fn}`;
const PAYLOADS = [{ step: 'one two' }, { step: 'two one' }, { step: 'three' }];
const invoked: Invoked[] = [];

/** A function invoked twice at once (two environments, two streams), then once more. */
const pairFn = uniqueName('logs-pair');
const pairGroup = `/aws/lambda/${pairFn}`;
const pairInvoked: Invoked[] = [];

async function createFunction(name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'provided.al2023',
      Handler: 'x',
      Role: ROLE,
      Code: { ZipFile: zip },
    }),
  );
}

async function invoke(name: string, payload: unknown, logType?: 'Tail'): Promise<Invoked> {
  const text = JSON.stringify(payload);
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(text), ...(logType === undefined ? {} : { LogType: logType }) }));
  assert.equal(out.FunctionError, undefined, `invoke of ${name} failed: ${Buffer.from(out.Payload ?? []).toString()}`);
  const requestId = out.$metadata.requestId;
  assert.ok(requestId !== undefined && /^[0-9a-f-]{36}$/.test(requestId), `request id ${String(requestId)}`);
  return { requestId, payload: text, response: Buffer.from(out.Payload ?? []).toString(), logResult: out.LogResult };
}

/** Every event of a stream, oldest first, in one call. */
async function streamEvents(groupName: string, streamName: string): Promise<OutputLogEvent[]> {
  const out = await logs.send(new GetLogEventsCommand({ logGroupName: groupName, logStreamName: streamName, startFromHead: true }));
  return out.events ?? [];
}

async function streamNames(groupName: string): Promise<string[]> {
  const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: groupName }));
  return (out.logStreams ?? []).map((stream) => stream.logStreamName ?? '');
}

async function onlyStream(groupName: string): Promise<string> {
  const names = await streamNames(groupName);
  assert.equal(names.length, 1, `streams of ${groupName}: ${names.join(', ')}`);
  return names[0] ?? '';
}

/** Follows FilterLogEvents' nextToken to the end. */
async function filterAll(input: FilterLogEventsCommandInput): Promise<{ events: FilteredLogEvent[]; pages: number }> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const out = await logs.send(new FilterLogEventsCommand({ ...input, nextToken }));
    pages++;
    if (input.limit !== undefined) assert.ok((out.events ?? []).length <= input.limit, 'page over the limit');
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
    assert.ok(pages < 100, 'paging does not end');
  } while (nextToken !== undefined);
  return { events, pages };
}

const messagesOf = (events: { message?: string }[]): string[] => events.map((event) => event.message ?? '');

/** The four lines Lambda writes for one invocation of the bootstrap above, REPORT as a pattern. */
function assertInvocationLines(lines: string[], invocation: Invoked): void {
  assert.equal(lines.length, 4, `lines of ${invocation.requestId}: ${JSON.stringify(lines)}`);
  assert.equal(lines[0], `START RequestId: ${invocation.requestId} Version: $LATEST\n`);
  assert.equal(lines[1], `processing ${invocation.payload}\n`);
  assert.equal(lines[2], `END RequestId: ${invocation.requestId}\n`);
  assert.match(lines[3] ?? '', reportPattern(invocation.requestId));
}

before(async () => {
  eventide = await startEventide();
  lambda = lambdaClient(eventide.url);
  logs = logsClient(eventide.url);
  zip = await zipOf({ bootstrap: { content: BOOTSTRAP, mode: 0o755 } });

  await createFunction(fn);
  for (const payload of PAYLOADS) invoked.push(await invoke(fn, payload));

  await createFunction(pairFn);
  pairInvoked.push(...(await Promise.all([invoke(pairFn, { pair: 'a' }), invoke(pairFn, { pair: 'b' })])));
  pairInvoked.push(await invoke(pairFn, { pair: 'c' }));
});

after(async () => {
  lambda?.destroy();
  logs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

describe('Invoke on a custom runtime', () => {
  test('each invocation answers with the bootstrap’s response and its own request id', () => {
    assert.deepEqual(
      invoked.map((i) => i.response),
      PAYLOADS.map((p) => JSON.stringify(p)),
    );
    assert.equal(new Set([...invoked, ...pairInvoked].map((i) => i.requestId)).size, 6);
  });

  test('LogType Tail returns the invocation’s START, function output, END and REPORT', async () => {
    const tailFn = uniqueName('logs-tail');
    await createFunction(tailFn);
    const result = await invoke(tailFn, { tail: 'yes please' }, 'Tail');
    assert.ok(result.logResult !== undefined, 'LogResult is returned');
    const log = Buffer.from(result.logResult, 'base64').toString();
    const lines = log.split(/(?<=\n)/);
    assertInvocationLines(lines, result);

    // The same lines are stored in the function's log group.
    const stream = await onlyStream(`/aws/lambda/${tailFn}`);
    assert.deepEqual(messagesOf(await streamEvents(`/aws/lambda/${tailFn}`, stream)), lines);
  });

  test('without LogType Tail no LogResult is returned', () => {
    assert.deepEqual(
      invoked.map((i) => i.logResult),
      [undefined, undefined, undefined],
    );
  });
});

describe('DescribeLogGroups', () => {
  test('the function’s group /aws/lambda/<name> exists, with its stored bytes', async () => {
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
    assert.deepEqual(
      (out.logGroups ?? []).map((g) => g.logGroupName),
      [group],
    );
    const found = out.logGroups?.[0];
    assert.equal(found?.arn, `arn:aws:logs:us-east-1:000000000000:log-group:${group}:*`);
    assert.ok((found?.storedBytes ?? 0) > 0, 'storedBytes counts the invocations’ lines');
    assert.ok(Math.abs((found?.creationTime ?? 0) - Date.now()) < 60_000, 'created now');
    assert.equal(out.nextToken, undefined);
  });

  test('logGroupNamePrefix filters, and limit 1 pages through every group with nextToken', async () => {
    const prefix = `/e2e-${randomBytes(4).toString('hex')}/`;
    const names = [`${prefix}c`, `${prefix}a`, `${prefix}b`];
    for (const name of names) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));

    const all = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }));
    assert.deepEqual(
      (all.logGroups ?? []).map((g) => g.logGroupName),
      [...names].sort(),
    );

    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 1, nextToken }));
      pages.push((page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
      nextToken = page.nextToken;
    } while (nextToken !== undefined && pages.length < 10);
    assert.deepEqual(pages, [[`${prefix}a`], [`${prefix}b`], [`${prefix}c`]]);

    // Without a prefix the function groups are listed too.
    const everything = await logs.send(new DescribeLogGroupsCommand({}));
    const listed = (everything.logGroups ?? []).map((g) => g.logGroupName);
    for (const name of [group, pairGroup, ...names]) assert.ok(listed.includes(name), `${name} listed`);
  });
});

describe('DescribeLogStreams', () => {
  test('one environment writes one stream named yyyy/mm/dd/[$LATEST]<32 hex>', async () => {
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    assert.equal(out.logStreams?.length, 1);
    const stream = out.logStreams?.[0];
    assert.match(stream?.logStreamName ?? '', STREAM_NAME);
    const day = new Date(stream?.creationTime ?? 0).toISOString().slice(0, 10).replaceAll('-', '/');
    assert.equal(stream?.logStreamName?.slice(0, 10), day, 'the date is the UTC day the stream was created');
    assert.ok((stream?.firstEventTimestamp ?? 0) <= (stream?.lastEventTimestamp ?? 0));
    assert.ok((stream?.lastIngestionTime ?? 0) >= (stream?.lastEventTimestamp ?? Infinity));
    const events = await streamEvents(group, stream?.logStreamName ?? '');
    assert.equal(stream?.firstEventTimestamp, events[0]?.timestamp);
    assert.equal(stream?.lastEventTimestamp, events[events.length - 1]?.timestamp);
  });

  test('orderBy LastEventTime descending puts the stream that logged last first', async () => {
    const names = await streamNames(pairGroup);
    assert.equal(names.length, 2, 'two concurrent invocations ran in two environments');
    for (const name of names) assert.match(name, STREAM_NAME);

    const last = pairInvoked[2];
    assert.ok(last !== undefined);
    const started = await filterAll({ logGroupName: pairGroup, filterPattern: `"START RequestId: ${last.requestId}"` });
    assert.equal(started.events.length, 1);
    const latestStream = started.events[0]?.logStreamName;
    const otherStream = names.find((name) => name !== latestStream);

    const desc = await logs.send(new DescribeLogStreamsCommand({ logGroupName: pairGroup, orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(
      (desc.logStreams ?? []).map((s) => s.logStreamName),
      [latestStream, otherStream],
    );
    const [first, second] = desc.logStreams ?? [];
    assert.ok((first?.lastEventTimestamp ?? 0) > (second?.lastEventTimestamp ?? Infinity));

    const asc = await logs.send(new DescribeLogStreamsCommand({ logGroupName: pairGroup, orderBy: 'LastEventTime' }));
    assert.deepEqual(
      (asc.logStreams ?? []).map((s) => s.logStreamName),
      [otherStream, latestStream],
    );

    const paged = await logs.send(new DescribeLogStreamsCommand({ logGroupName: pairGroup, orderBy: 'LastEventTime', descending: true, limit: 1 }));
    assert.deepEqual(
      (paged.logStreams ?? []).map((s) => s.logStreamName),
      [latestStream],
    );
    assert.ok(paged.nextToken !== undefined);
    const rest = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: pairGroup, orderBy: 'LastEventTime', descending: true, limit: 1, nextToken: paged.nextToken }),
    );
    assert.deepEqual(
      (rest.logStreams ?? []).map((s) => s.logStreamName),
      [otherStream],
    );
    assert.equal(rest.nextToken, undefined);
  });
});

describe('GetLogEvents', () => {
  test('START, the function’s line, END and REPORT for each invocation, in that order', async () => {
    const events = await streamEvents(group, await onlyStream(group));
    const lines = messagesOf(events);
    assert.equal(lines.length, 4 * invoked.length, JSON.stringify(lines));
    invoked.forEach((invocation, i) => assertInvocationLines(lines.slice(4 * i, 4 * i + 4), invocation));
    for (let i = 1; i < events.length; i++) assert.ok((events[i]?.timestamp ?? 0) >= (events[i - 1]?.timestamp ?? 0), 'timestamps do not go back');
    for (const event of events) assert.ok((event.ingestionTime ?? 0) >= (event.timestamp ?? Infinity));
  });

  test('Init Duration is reported on the environment’s first invocation only', async () => {
    const reports = messagesOf(await streamEvents(group, await onlyStream(group))).filter((line) => line.startsWith('REPORT'));
    assert.deepEqual(
      reports.map((line) => line.includes('\tInit Duration: ')),
      [true, false, false],
    );
  });

  test('startFromHead with a limit pages forward with nextForwardToken until the token repeats', async () => {
    const stream = await onlyStream(group);
    const all = messagesOf(await streamEvents(group, stream));
    const seen: string[] = [];
    let token: string | undefined;
    let calls = 0;
    for (;;) {
      const out = await logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit: 5, nextToken: token }),
      );
      calls++;
      assert.ok((out.events ?? []).length <= 5);
      seen.push(...messagesOf(out.events ?? []));
      assert.ok(out.nextForwardToken !== undefined);
      if (out.nextForwardToken === token) {
        assert.deepEqual(out.events, [], 'the repeated token comes with no events');
        break;
      }
      token = out.nextForwardToken;
      assert.ok(calls < 20, 'the forward token never repeats');
    }
    assert.deepEqual(seen, all);
    assert.equal(calls, Math.ceil(all.length / 5) + 1);
  });

  test('without startFromHead the newest events come first; nextBackwardToken pages back to the start', async () => {
    const stream = await onlyStream(group);
    const all = messagesOf(await streamEvents(group, stream));
    const newest = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 4 }));
    assert.deepEqual(messagesOf(newest.events ?? []), all.slice(-4), 'the newest 4, oldest first');

    const pages: string[][] = [messagesOf(newest.events ?? [])];
    let token = newest.nextBackwardToken;
    for (let calls = 0; ; calls++) {
      assert.ok(calls < 20, 'the backward token never repeats');
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 4, nextToken: token }));
      if (out.nextBackwardToken === token) {
        assert.deepEqual(out.events, []);
        break;
      }
      pages.unshift(messagesOf(out.events ?? []));
      token = out.nextBackwardToken;
    }
    assert.deepEqual(pages.flat(), all);
    assert.deepEqual(pages.slice(0, -1).map((page) => page.length), [4, 4]);

    // From a backward page, the forward token leads to what follows it.
    const middle = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 4, nextToken: newest.nextBackwardToken }));
    const forward = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 4, nextToken: middle.nextForwardToken }));
    assert.deepEqual(messagesOf(forward.events ?? []), all.slice(-4));
  });

  test('at either end of the stream the other direction’s token still pages that way', async () => {
    const stream = await onlyStream(group);
    const all = messagesOf(await streamEvents(group, stream));
    const get = (nextToken: string | undefined, startFromHead?: boolean) =>
      logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 4, nextToken, startFromHead }));

    // Forward to the end: the last call returns no events and repeats the forward token …
    const lastPage = await get(undefined, false);
    const end = await get(lastPage.nextForwardToken);
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, lastPage.nextForwardToken);
    // … and its backward token leads back to the newest events.
    const back = await get(end.nextBackwardToken);
    assert.deepEqual(messagesOf(back.events ?? []), all.slice(-4), 'nextBackwardToken from the end of the stream pages backward');

    // Backward to the start, then the forward token leads to the oldest events.
    const firstPage = await get(undefined, true);
    const start = await get(firstPage.nextBackwardToken);
    assert.deepEqual(start.events, []);
    const ahead = await get(start.nextForwardToken);
    assert.deepEqual(messagesOf(ahead.events ?? []), all.slice(0, 4), 'nextForwardToken from the start of the stream pages forward');
  });

  test('an unknown stream or group is ResourceNotFoundException', async () => {
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: '2000/01/01/[$LATEST]00' })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: `${group}-nope`, logStreamName: 'x' })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });
});

describe('FilterLogEvents', () => {
  test('filterPattern REPORT returns exactly one REPORT per invocation, in order', async () => {
    const stream = await onlyStream(group);
    const { events } = await filterAll({ logGroupName: group, filterPattern: 'REPORT' });
    assert.equal(events.length, invoked.length);
    events.forEach((event, i) => {
      const invocation = invoked[i];
      assert.ok(invocation !== undefined);
      assert.match(event.message ?? '', reportPattern(invocation.requestId));
      assert.equal(event.logStreamName, stream);
      assert.match(event.eventId ?? '', /^\d+$/);
    });
    assert.equal(new Set(events.map((event) => event.eventId)).size, events.length, 'event ids are distinct');
  });

  test('a quoted phrase matches the phrase, not its words apart', async () => {
    const phrase = await filterAll({ logGroupName: group, filterPattern: '"one two"' });
    assert.deepEqual(messagesOf(phrase.events), [`processing ${JSON.stringify({ step: 'one two' })}\n`]);
    const words = await filterAll({ logGroupName: group, filterPattern: 'one two' });
    assert.deepEqual(messagesOf(words.events), [
      `processing ${JSON.stringify({ step: 'one two' })}\n`,
      `processing ${JSON.stringify({ step: 'two one' })}\n`,
    ]);
    const none = await filterAll({ logGroupName: group, filterPattern: '"two three"' });
    assert.deepEqual(none.events, []);
  });

  test('logStreamNames limits the search to those streams', async () => {
    const names = await streamNames(pairGroup);
    assert.equal(names.length, 2);
    const everything = await filterAll({ logGroupName: pairGroup });
    assert.equal(everything.events.length, 4 * pairInvoked.length);
    for (const name of names) {
      const only = await filterAll({ logGroupName: pairGroup, logStreamNames: [name] });
      assert.ok(only.events.length > 0);
      assert.ok(only.events.every((event) => event.logStreamName === name));
      assert.deepEqual(
        only.events,
        everything.events.filter((event) => event.logStreamName === name),
      );
    }
    const starts = await filterAll({ logGroupName: pairGroup, logStreamNames: names, filterPattern: 'START' });
    assert.equal(starts.events.length, pairInvoked.length);
  });

  test('startTime and endTime bound the events by timestamp', async () => {
    const all = (await filterAll({ logGroupName: group })).events;
    const second = invoked[1];
    assert.ok(second !== undefined);
    const start = all.find((event) => event.message === `START RequestId: ${second.requestId} Version: $LATEST\n`);
    const report = all.find((event) => (event.message ?? '').startsWith(`REPORT RequestId: ${second.requestId}`));
    assert.ok(start?.timestamp !== undefined && report?.timestamp !== undefined);
    const startTime = start.timestamp;
    const endTime = report.timestamp + 1;

    const within = await filterAll({ logGroupName: group, startTime, endTime });
    const expected = all.filter((event) => (event.timestamp ?? 0) >= startTime && (event.timestamp ?? 0) < endTime);
    assert.deepEqual(within.events, expected);
    assert.ok(messagesOf(within.events).includes(start.message ?? ''));
    assert.ok(messagesOf(within.events).includes(report.message ?? ''));
    assert.ok(within.events.length < all.length, 'events of the first invocation are left out');
    assert.ok(!messagesOf(within.events).some((message) => message.includes(invoked[0]?.requestId ?? '?')));

    const fromStart = await filterAll({ logGroupName: group, startTime });
    assert.deepEqual(fromStart.events, all.filter((event) => (event.timestamp ?? 0) >= startTime));
    const future = await filterAll({ logGroupName: group, startTime: Date.now() + 3_600_000 });
    assert.deepEqual(future.events, []);
  });

  test('endTime includes events stamped exactly at endTime ("events with a timestamp later than this time are not returned")', async () => {
    const all = (await filterAll({ logGroupName: group })).events;
    const first = invoked[0];
    assert.ok(first !== undefined);
    const start = all.find((event) => event.message === `START RequestId: ${first.requestId} Version: $LATEST\n`);
    assert.ok(start?.timestamp !== undefined);
    const upTo = await filterAll({ logGroupName: group, endTime: start.timestamp });
    assert.ok(messagesOf(upTo.events).includes(start.message ?? ''), `the START stamped ${start.timestamp} with endTime ${start.timestamp}`);
  });

  test('limit and nextToken page through every match once', async () => {
    const all = (await filterAll({ logGroupName: group })).events;
    const paged = await filterAll({ logGroupName: group, limit: 5 });
    assert.deepEqual(paged.events, all);
    assert.ok(paged.pages >= Math.ceil(all.length / 5));

    const reports = await filterAll({ logGroupName: group, filterPattern: 'REPORT', limit: 1 });
    assert.deepEqual(
      reports.events.map((event) => (event.message ?? '').slice(0, 'REPORT RequestId: '.length + 36)),
      invoked.map((i) => `REPORT RequestId: ${i.requestId}`),
    );
  });

  test('an unknown group is ResourceNotFoundException', async () => {
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: `/nope/${randomBytes(4).toString('hex')}` })), {
      name: 'ResourceNotFoundException',
    });
  });
});

describe('CreateLogGroup and DeleteLogGroup', () => {
  test('CreateLogGroup twice is ResourceAlreadyExistsException', async () => {
    const name = `/e2e/${randomBytes(4).toString('hex')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: name })), {
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    const listed = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    assert.deepEqual(
      (listed.logGroups ?? []).map((g) => [g.logGroupName, g.storedBytes]),
      [[name, 0]],
    );
  });

  test('DeleteLogGroup of a missing group is ResourceNotFoundException', async () => {
    await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: `/e2e/missing-${randomBytes(4).toString('hex')}` })), {
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });

  test('DeleteLogGroup removes the group, its streams and its events', async () => {
    const name = uniqueName('logs-delete');
    const deleteGroup = `/aws/lambda/${name}`;
    await createFunction(name);
    await invoke(name, { x: 1 });
    assert.equal((await streamNames(deleteGroup)).length, 1);

    await logs.send(new DeleteLogGroupCommand({ logGroupName: deleteGroup }));
    const listed = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: deleteGroup }));
    assert.deepEqual(listed.logGroups, []);
    await assert.rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName: deleteGroup })), { name: 'ResourceNotFoundException' });
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: deleteGroup })), { name: 'ResourceNotFoundException' });
    await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: deleteGroup })), { name: 'ResourceNotFoundException' });

    // Created again by hand, it is empty.
    await logs.send(new CreateLogGroupCommand({ logGroupName: deleteGroup }));
    assert.deepEqual(await streamNames(deleteGroup), []);
    assert.deepEqual((await filterAll({ logGroupName: deleteGroup })).events, []);
  });

  test('after its log group is deleted, the function’s next invocation logs to a re-created group, as on Lambda', async () => {
    const name = uniqueName('logs-regroup');
    const regroup = `/aws/lambda/${name}`;
    await createFunction(name);
    await invoke(name, { round: 1 });
    await logs.send(new DeleteLogGroupCommand({ logGroupName: regroup }));

    const second = await invoke(name, { round: 2 });
    const listed = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: regroup }));
    assert.deepEqual(
      (listed.logGroups ?? []).map((g) => g.logGroupName),
      [regroup],
      'the group exists again',
    );
    const starts = await filterAll({ logGroupName: regroup, filterPattern: 'START' });
    assert.deepEqual(messagesOf(starts.events), [`START RequestId: ${second.requestId} Version: $LATEST\n`]);
  });
});

describe('AWS CLI', () => {
  test('aws logs tail prints each invocation’s START line', async () => {
    const result = await awsCli(eventide.url, ['logs', 'tail', group]);
    assert.equal(result.code, 0, result.stderr);
    for (const invocation of invoked) assert.ok(result.stdout.includes(`START RequestId: ${invocation.requestId} Version: $LATEST`), result.stdout);
    for (const invocation of invoked) assert.ok(result.stdout.includes(`processing ${invocation.payload}`), result.stdout);
    const startLines = result.stdout.split('\n').filter((line) => line.includes('START RequestId: '));
    assert.equal(startLines.length, invoked.length);
    const stream = await onlyStream(group);
    for (const line of startLines) assert.ok(line.includes(stream), `tail names the stream: ${line}`);
  });

  test('aws logs filter-log-events --filter-pattern REPORT returns the REPORT events as JSON', async () => {
    const result = await awsCli(eventide.url, ['logs', 'filter-log-events', '--log-group-name', group, '--filter-pattern', 'REPORT']);
    assert.equal(result.code, 0, result.stderr);
    const body = JSON.parse(result.stdout) as { events: { message: string; logStreamName: string }[] };
    assert.deepEqual(
      body.events.map((event) => event.message.split('\t')[0]),
      invoked.map((i) => `REPORT RequestId: ${i.requestId}`),
    );
  });
});
