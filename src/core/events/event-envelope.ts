/** The event as targets receive it, in AWS's key order. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, whole seconds, `Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** `2019-03-01T01:23:45Z`: EventBridge's `time`, the instant truncated to whole seconds. */
export const eventTime = (epochMs: number): string => new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface EnvelopeFields {
  id: string;
  detailType: string;
  source: string;
  account: string;
  time: number;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export const envelope = (fields: EnvelopeFields): EventEnvelope => ({
  version: '0',
  id: fields.id,
  'detail-type': fields.detailType,
  source: fields.source,
  account: fields.account,
  time: eventTime(fields.time),
  region: fields.region,
  resources: fields.resources,
  detail: fields.detail,
});
