/**
 * Helpers shared by the Invoke end-to-end tests (invoke-node, invoke-provided): deploy a function from a set of
 * files, invoke it with the SDK v3 and read what a caller sees (status, payload, function error, log tail).
 */
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  InvokeCommand,
  type CreateFunctionCommandInput,
  type InvokeCommandInput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { ROLE, uniqueName, zipOf, type FixtureFile } from './support/fixtures.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const arnOf = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DeployOptions {
  /** Name prefix; a unique suffix is added. */
  prefix: string;
  files: Record<string, string | FixtureFile>;
  runtime?: string;
  handler?: string;
  timeout?: number;
  memorySize?: number;
  environment?: Record<string, string>;
}

/** Creates a function from the given files and returns its name. */
export async function deploy(lambda: LambdaClient, options: DeployOptions): Promise<string> {
  const name = uniqueName(options.prefix);
  const input: CreateFunctionCommandInput = {
    FunctionName: name,
    Runtime: (options.runtime ?? 'nodejs20.x') as CreateFunctionCommandInput['Runtime'],
    Handler: options.handler ?? 'index.handler',
    Role: ROLE,
    Code: { ZipFile: await zipOf(options.files) },
  };
  if (options.timeout !== undefined) input.Timeout = options.timeout;
  if (options.memorySize !== undefined) input.MemorySize = options.memorySize;
  if (options.environment !== undefined) input.Environment = { Variables: options.environment };
  const created = await lambda.send(new CreateFunctionCommand(input));
  assert.equal(created.FunctionName, name);
  return name;
}

export interface Invoked {
  statusCode: number | undefined;
  /** The response payload as text ('' when there is none). */
  payload: string;
  functionError: string | undefined;
  executedVersion: string | undefined;
  /** `x-amzn-RequestId` of the Invoke response. */
  requestId: string | undefined;
  /** `LogResult`, base64-decoded; undefined when not asked for. */
  log: string | undefined;
}

export async function invoke(lambda: LambdaClient, input: InvokeCommandInput): Promise<Invoked> {
  const out = await lambda.send(new InvokeCommand(input));
  return {
    statusCode: out.StatusCode,
    payload: out.Payload == null ? '' : Buffer.from(out.Payload).toString(),
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    requestId: out.$metadata.requestId,
    log: out.LogResult === undefined ? undefined : Buffer.from(out.LogResult, 'base64').toString(),
  };
}

/** Invokes with a JSON event and returns the parsed payload, asserting the invocation succeeded. */
export async function invokeOk(lambda: LambdaClient, name: string, event: unknown = {}, extra: Partial<InvokeCommandInput> = {}): Promise<unknown> {
  const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), ...extra });
  assert.equal(result.statusCode, 200);
  assert.equal(result.functionError, undefined, `expected success, got ${result.payload}`);
  return JSON.parse(result.payload) as unknown;
}

/** Invokes with a JSON event and returns the parsed error document, asserting it is a function error. */
export async function invokeFailing(
  lambda: LambdaClient,
  name: string,
  event: unknown = {},
  extra: Partial<InvokeCommandInput> = {},
): Promise<{ error: Record<string, unknown>; result: Invoked }> {
  const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), ...extra });
  assert.equal(result.statusCode, 200);
  assert.equal(result.functionError, 'Unhandled', `expected a function error, got ${result.payload}`);
  return { error: JSON.parse(result.payload) as Record<string, unknown>, result };
}

/** A decoded log tail split into lines (without the empty piece after the last newline). */
export function logLines(log: string | undefined): string[] {
  assert.ok(log !== undefined, 'expected a LogResult');
  const lines = log.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
