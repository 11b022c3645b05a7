import type { MessageAttributes } from '../message-attributes.js';

/**
 * Which attributes a ReceiveMessage returns. `MessageAttributeNames`: `All`, `*` and `.*` select every user
 * attribute, `Name.*` those whose name starts with `Name`, anything else that exact name (a name no attribute has
 * selects nothing, it is no error). `MessageSystemAttributeNames` (or the older `AttributeNames`): `All` or names.
 */
export function selectMessageAttributes(attributes: MessageAttributes, names: string[]): MessageAttributes {
  if (names.length === 0) return {};
  const selected: MessageAttributes = {};
  const everything = names.some((name) => name === 'All' || name === '*' || name === '.*');
  const prefixes = names.filter((name) => name.endsWith('.*')).map((name) => name.slice(0, -2));
  for (const [name, value] of Object.entries(attributes)) {
    if (everything || names.includes(name) || prefixes.some((prefix) => name.startsWith(prefix))) selected[name] = value;
  }
  return selected;
}

/** What a standard queue knows about a message it hands out. */
export interface MessageSystemFacts {
  senderId: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  /** The ARN of the queue a redrive moved the message from. */
  deadLetterQueueSourceArn: string | undefined;
}

/** The system attributes a standard queue reports; FIFO-only ones (SequenceNumber, MessageGroupId, …) never apply. */
export function selectSystemAttributes(facts: MessageSystemFacts, names: string[]): Record<string, string> {
  const all: Record<string, string | undefined> = {
    SenderId: facts.senderId,
    SentTimestamp: String(facts.sentAt),
    ApproximateReceiveCount: String(facts.receiveCount),
    ApproximateFirstReceiveTimestamp: facts.firstReceivedAt === undefined ? undefined : String(facts.firstReceivedAt),
    DeadLetterQueueSourceArn: facts.deadLetterQueueSourceArn,
  };
  const selected: Record<string, string> = {};
  const everything = names.includes('All');
  for (const [name, value] of Object.entries(all)) {
    if (value !== undefined && (everything || names.includes(name))) selected[name] = value;
  }
  return selected;
}
