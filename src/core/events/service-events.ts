/**
 * Events AWS services put on a bus (`aws.codepipeline`, `aws.s3`, …), injected the way the service would: users'
 * PutEvents refuses these sources, this entry point takes nothing else. The event gets the envelope PutEvents gives
 * (version, id, account, region, time) and the same routing.
 */
import { AwsError, invalidParameterValue } from '../../lib/errors.js';
import { AWS_SOURCE_PREFIX, type EventIngest } from './put-events.js';

export interface ServiceEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
  /** Epoch milliseconds; undefined: now. */
  time: number | undefined;
  /** A bus name or ARN; undefined: `default`, where AWS services put their events. */
  eventBusName: string | undefined;
}

export class ServiceEvents {
  constructor(private readonly ingest: EventIngest) {}

  /** Puts the event on its bus; resolves with its id once every matching rule's deliveries are durable. */
  async put(event: ServiceEvent): Promise<string> {
    if (!event.source.startsWith(AWS_SOURCE_PREFIX) || event.source.length === AWS_SOURCE_PREFIX.length) {
      throw invalidParameterValue(`The source ${JSON.stringify(event.source)} is not an AWS service's: service events have sources starting with "aws.".`);
    }
    const result = await this.ingest.putEntry({ ...event, detail: JSON.stringify(event.detail) });
    if ('errorCode' in result) throw new AwsError(result.errorCode, 400, result.errorMessage);
    return result.eventId;
  }
}
