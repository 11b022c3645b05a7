/**
 * Invoke of custom-runtime functions (provided, provided.al2, provided.al2023) end to end: a real Eventide process
 * running the function's own `bootstrap` (bash + curl, or Python 3 with urllib) against the Runtime API 2018-06-01,
 * called with the SDK v3 InvokeCommand (spec §1, §9.1, §9.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type LambdaClient } from '@aws-sdk/client-lambda';

import { lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { arnOf, deploy, invoke, invokeFailing, invokeOk, UUID } from './invoke-support.js';

let eventide: EventideProcess;
let lambda: LambdaClient;

before(async () => {
  eventide = await startEventide();
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

const executable = (content: string) => ({ content, mode: 0o755 });

/**
 * A bash runtime: for each event, answers with the request id, the `next` headers, a few environment facts and
 * the event itself.
 */
const BASH_ECHO_BOOTSTRAP = `#!/bin/bash
set -euo pipefail
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
headers=$(mktemp)
body=$(mktemp)
out=$(mktemp)
header() { { grep -i "^$1:" "$headers" || true; } | head -n 1 | cut -d' ' -f2- | tr -d '\\r'; }
while true; do
  curl -sS -D "$headers" -o "$body" "$api/invocation/next"
  id=$(header Lambda-Runtime-Aws-Request-Id)
  deadline=$(header Lambda-Runtime-Deadline-Ms)
  arn=$(header Lambda-Runtime-Invoked-Function-Arn)
  trace=$(header Lambda-Runtime-Trace-Id)
  client_context=$(header Lambda-Runtime-Client-Context)
  if [ -z "$client_context" ]; then client_context=null; fi
  echo "bootstrap got $id"
  printf '{"requestId":"%s","deadlineMs":"%s","functionArn":"%s","traceId":"%s","executionEnv":"%s","handler":"%s","taskRootIsCwd":%s,"clientContext":%s,"event":%s}' \\
    "$id" "$deadline" "$arn" "$trace" "\${AWS_EXECUTION_ENV-<unset>}" "\${_HANDLER-}" \\
    "$([ "\${LAMBDA_TASK_ROOT-}" = "$(pwd)" ] && echo true || echo false)" "$client_context" "$(cat "$body")" > "$out"
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$out" "$api/invocation/$id/response"
done
`;

interface EchoSeen {
  requestId: string;
  deadlineMs: string;
  functionArn: string;
  traceId: string;
  executionEnv: string;
  handler: string;
  taskRootIsCwd: boolean;
  clientContext: unknown;
  event: unknown;
}

/** A Python 3 runtime (urllib only): echoes like the bash one; an event with "fail" is reported as an error. */
const PYTHON_BOOTSTRAP = `#!/usr/bin/env python3
import json
import os
import urllib.request

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
ERROR_BODY = b'{"errorMessage":"bad","errorType":"MyError","stackTrace":[]}'

def post(path, body, headers):
    request = urllib.request.Request(API + path, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request) as response:
        response.read()

while True:
    with urllib.request.urlopen(API + "/invocation/next") as response:
        request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
        seen = {
            "requestId": request_id,
            "deadlineMs": response.headers["Lambda-Runtime-Deadline-Ms"],
            "functionArn": response.headers["Lambda-Runtime-Invoked-Function-Arn"],
            "traceId": response.headers["Lambda-Runtime-Trace-Id"],
            "executionEnv": os.environ.get("AWS_EXECUTION_ENV", "<unset>"),
            "event": json.loads(response.read()),
        }
    print("python bootstrap got", request_id, flush=True)
    if isinstance(seen["event"], dict) and seen["event"].get("fail"):
        post("/invocation/" + request_id + "/error", ERROR_BODY,
             {"Content-Type": "application/vnd.aws.lambda.error+json", "Lambda-Runtime-Function-Error-Type": "Function.MyError"})
    else:
        post("/invocation/" + request_id + "/response", json.dumps(seen).encode(), {"Content-Type": "application/json"})
`;

function checkNextHeaders(seen: EchoSeen, requestId: string | undefined, arn: string, timeoutSeconds: number, before: number, after: number): void {
  assert.match(seen.requestId, UUID);
  assert.equal(seen.requestId, requestId);
  const deadline = Number(seen.deadlineMs);
  assert.ok(Number.isInteger(deadline), `Lambda-Runtime-Deadline-Ms is epoch milliseconds: ${seen.deadlineMs}`);
  // A range check on the value (now + Timeout), not on how fast Eventide is.
  const slack = 1000;
  assert.ok(
    deadline >= before + timeoutSeconds * 1000 - slack && deadline <= after + timeoutSeconds * 1000 + slack,
    `deadline ${deadline} is about now + ${timeoutSeconds} s (invoked between ${before} and ${after})`,
  );
  assert.equal(seen.functionArn, arn);
  assert.ok(seen.traceId.startsWith('Root=1-'), `trace id: ${seen.traceId}`);
  assert.equal(seen.executionEnv, '<unset>', 'AWS_EXECUTION_ENV is absent for custom runtimes');
}

describe('a bash bootstrap speaking the Runtime API with curl (provided.al2023)', () => {
  let name: string;

  before(async () => {
    name = await deploy(lambda, {
      prefix: 'bash',
      runtime: 'provided.al2023',
      handler: 'function.handler',
      timeout: 5,
      files: { bootstrap: executable(BASH_ECHO_BOOTSTRAP) },
    });
  });

  test('the response comes back, with the request id, deadline, function ARN and trace id of the invocation', async () => {
    const event = { hello: 'world', n: [1, 2, 3] };
    const before = Date.now();
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) });
    const after = Date.now();
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, undefined, result.payload);
    assert.equal(result.executedVersion, '$LATEST');
    const seen = JSON.parse(result.payload) as EchoSeen;
    checkNextHeaders(seen, result.requestId, arnOf(name), 5, before, after);
    assert.deepEqual(seen.event, event);
    assert.equal(seen.handler, 'function.handler');
    assert.equal(seen.taskRootIsCwd, true, 'LAMBDA_TASK_ROOT is the working directory');
    assert.equal(seen.clientContext, null);
  });

  test('the warm environment serves the next event; a qualified invoke shows the qualified ARN; ClientContext arrives decoded', async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { foo: 'bar' } })).toString('base64');
    const before = Date.now();
    const result = await invoke(lambda, {
      FunctionName: name,
      Qualifier: '$LATEST',
      ClientContext: clientContext,
      Payload: Buffer.from('{"second":true}'),
      LogType: 'Tail',
    });
    const after = Date.now();
    assert.equal(result.functionError, undefined, result.payload);
    const seen = JSON.parse(result.payload) as EchoSeen;
    checkNextHeaders(seen, result.requestId, `${arnOf(name)}:$LATEST`, 5, before, after);
    assert.deepEqual(seen.event, { second: true });
    assert.deepEqual(seen.clientContext, { custom: { foo: 'bar' } });
    // The bootstrap's own output lands in the invocation's log, between START and END.
    assert.match(result.log ?? '', new RegExp(`START RequestId: ${seen.requestId} Version: \\$LATEST\\n(.*\\n)*bootstrap got ${seen.requestId}\\n(.*\\n)*END RequestId: ${seen.requestId}\\n`));
    assert.doesNotMatch(result.log ?? '', /Init Duration/, 'a warm invocation');
  });

  test('an empty payload reaches the bootstrap as {}', async () => {
    const result = await invoke(lambda, { FunctionName: name });
    assert.equal(result.functionError, undefined, result.payload);
    assert.deepEqual((JSON.parse(result.payload) as EchoSeen).event, {});
  });
});

describe('a Python 3 bootstrap (provided.al2)', () => {
  let name: string;

  before(async () => {
    name = await deploy(lambda, {
      prefix: 'python',
      runtime: 'provided.al2',
      handler: 'unused',
      files: { bootstrap: executable(PYTHON_BOOTSTRAP) },
    });
  });

  test('the response comes back with the headers of the invocation', async () => {
    const before = Date.now();
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{"py":1}') });
    const after = Date.now();
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, undefined, result.payload);
    const seen = JSON.parse(result.payload) as EchoSeen;
    checkNextHeaders(seen, result.requestId, arnOf(name), 3, before, after);
    assert.deepEqual(seen.event, { py: 1 });
  });

  test('POST /invocation/{id}/error → FunctionError Unhandled and the posted body verbatim; the runtime keeps serving', async () => {
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{"fail":true}') });
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.payload, '{"errorMessage":"bad","errorType":"MyError","stackTrace":[]}');
    assert.deepEqual(((await invokeOk(lambda, name, { after: 'error' })) as EchoSeen).event, { after: 'error' });
  });
});

describe('custom runtime failures', () => {
  test('POST /runtime/init/error, then exit 1 → the invoke gets that error body', async () => {
    const initError = '{"errorMessage":"missing config","errorType":"Runtime.ConfigError","stackTrace":[]}';
    const name = await deploy(lambda, {
      prefix: 'initerr',
      runtime: 'provided.al2023',
      handler: 'x',
      files: {
        bootstrap: executable(
          '#!/bin/sh\n' +
            'curl -sS -o /dev/null -X POST -H "Lambda-Runtime-Function-Error-Type: Runtime.ConfigError" ' +
            `--data-binary '${initError}' "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/init/error"\n` +
            'exit 1\n',
        ),
      },
    });
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.payload, initError);
  });

  test('a bootstrap that exits with code 2 → Runtime.ExitError "exit status 2"', async () => {
    const name = await deploy(lambda, {
      prefix: 'exit2',
      runtime: 'provided.al2023',
      handler: 'x',
      files: { bootstrap: executable('#!/bin/sh\necho "giving up"\nexit 2\n') },
    });
    const { error, result } = await invokeFailing(lambda, name, {}, { LogType: 'Tail' });
    assert.deepEqual(error, {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId ?? ''} Error: Runtime exited with error: exit status 2`,
    });
    assert.match(result.log ?? '', /giving up\n/);
  });

  test('a zip without bootstrap → Runtime.InvalidEntrypoint', async () => {
    const name = await deploy(lambda, {
      prefix: 'noboot',
      runtime: 'provided.al2023',
      handler: 'x',
      files: { 'handler.sh': executable('#!/bin/sh\nexit 0\n') },
    });
    const { error } = await invokeFailing(lambda, name);
    assert.equal(error.errorType, 'Runtime.InvalidEntrypoint');
  });

  test('a bootstrap that is not executable → Runtime.InvalidEntrypoint', async () => {
    const name = await deploy(lambda, {
      prefix: 'noexec',
      runtime: 'provided',
      handler: 'x',
      files: { bootstrap: { content: BASH_ECHO_BOOTSTRAP, mode: 0o644 } },
    });
    const { error } = await invokeFailing(lambda, name);
    assert.equal(error.errorType, 'Runtime.InvalidEntrypoint');
  });

  test('the Runtime API refuses a response for an unknown request id (400), and the real one still succeeds', async () => {
    const bootstrap = `#!/bin/bash
set -euo pipefail
api="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
headers=$(mktemp)
body=$(mktemp)
refusal=$(mktemp)
while true; do
  curl -sS -D "$headers" -o "$body" "$api/invocation/next"
  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\\r')
  status=$(curl -sS -o "$refusal" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary '{"wrong":true}' "$api/invocation/not-a-real-id/response")
  printf '{"bogusStatus":%s,"refusal":%s}' "$status" "$(cat "$refusal")" > "$body"
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @"$body" "$api/invocation/$id/response"
done
`;
    const name = await deploy(lambda, {
      prefix: 'badid',
      runtime: 'provided.al2023',
      handler: 'x',
      files: { bootstrap: executable(bootstrap) },
    });
    const seen = (await invokeOk(lambda, name)) as { bogusStatus: number; refusal: { errorType?: string } };
    assert.equal(seen.bogusStatus, 400);
    assert.equal(seen.refusal.errorType, 'InvalidRequestID');
  });
});
