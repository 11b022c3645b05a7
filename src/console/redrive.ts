import { awsJson, eventide } from './api.js';
import type { RedriveResult } from './contract.js';

export type RedriveRequest = { requestIds: string[] } | { state: 'failed' } | { deadLetterQueueUrl: string };

/** `POST /_eventide/functions/NAME/redrive`: failed events back in the queue, their history kept. */
export function redrive(functionName: string, request: RedriveRequest): Promise<RedriveResult> {
  return eventide<RedriveResult>(`functions/${encodeURIComponent(functionName)}/redrive`, 'POST', request);
}

/** The URL of an SQS queue named by its ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`); undefined for other targets. */
export async function queueUrlOf(arn: string): Promise<string | undefined> {
  const [, , service, , account, queueName] = arn.split(':');
  if (service !== 'sqs' || queueName === undefined) return undefined;
  return (await awsJson<{ QueueUrl: string }>('sqs', 'GetQueueUrl', { QueueName: queueName, QueueOwnerAWSAccountId: account })).QueueUrl;
}

/** One line saying what a redrive did. */
export function redriveSummary({ redriven, skipped }: RedriveResult): string {
  const reasons = [...new Set(skipped.map((s) => s.reason))].join('; ');
  return `${redriven.length} event${redriven.length === 1 ? '' : 's'} redriven${skipped.length > 0 ? `, ${skipped.length} skipped (${reasons})` : ''}.`;
}
