import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';

const credentials = { accessKeyId: 'AKIAEVENTIDETEST', secretAccessKey: 'eventide-test-secret' };
const region = 'us-east-1';

export const lambdaClient = (url: string): LambdaClient => new LambdaClient({ endpoint: url, region, credentials, maxAttempts: 1 });

export const logsClient = (url: string): CloudWatchLogsClient => new CloudWatchLogsClient({ endpoint: url, region, credentials, maxAttempts: 1 });

export const sqsClient = (url: string): SQSClient => new SQSClient({ endpoint: url, region, credentials, maxAttempts: 1 });

export const snsClient = (url: string): SNSClient => new SNSClient({ endpoint: url, region, credentials, maxAttempts: 1 });

export const iamClient = (url: string): IAMClient => new IAMClient({ endpoint: url, region, credentials, maxAttempts: 1 });

export const stsClient = (url: string): STSClient => new STSClient({ endpoint: url, region, credentials, maxAttempts: 1 });

/** Path-style (`/bucket/key`): Eventide serves virtual-hosted buckets only on `*.localhost`. */
export const s3Client = (url: string): S3Client => new S3Client({ endpoint: url, region, credentials, maxAttempts: 1, forcePathStyle: true });

export const eventBridgeClient = (url: string): EventBridgeClient => new EventBridgeClient({ endpoint: url, region, credentials, maxAttempts: 1 });

/**
 * The AWS CLI. Debian's package (v2, /usr/bin/aws) is preferred: `aws logs tail` exists only in v2.
 * `.ci/run` installs it when missing.
 */
export const AWS_CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` adds to or overrides the CLI's environment, e.g. `AWS_MAX_ATTEMPTS` to let it retry (it does not by default). */
export function awsCli(url: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      ['--endpoint-url', url, '--region', region, '--output', 'json', ...args],
      {
        cwd: options.cwd,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_PAGER: '',
          AWS_MAX_ATTEMPTS: '1',
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

/** `aws …` that must succeed: what it printed. */
export async function awsCliOutput(url: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  const result = await awsCli(url, args, options);
  assert.equal(result.code, 0, `aws ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** `aws …` that must succeed: its JSON output, `{}` when it printed nothing. */
export async function awsCliJson<T = Record<string, unknown>>(url: string, args: string[], options: { cwd?: string } = {}): Promise<T> {
  const stdout = await awsCliOutput(url, args, options);
  return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as T;
}

/** `aws …` that must fail: what it printed on stderr. */
export async function awsCliError(url: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  const result = await awsCli(url, args, options);
  assert.notEqual(result.code, 0, `aws ${args.join(' ')} succeeded: ${result.stdout}`);
  return result.stderr;
}

/**
 * Runs a Python snippet with boto3 against Eventide: `ENDPOINT` holds the URL, credentials and region are set.
 * Resolves with what the snippet printed.
 */
export function boto3(url: string, script: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      ['-c', script],
      {
        env: {
          ...process.env,
          ENDPOINT: url,
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_DEFAULT_REGION: region,
          AWS_MAX_ATTEMPTS: '1',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}
