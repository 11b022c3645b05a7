import {
  batchEntryIdsNotDistinct,
  emptyBatchRequest,
  invalidBatchEntryId,
  tooManyEntriesInBatchRequest,
} from '../../core/messaging/sqs/sqs-errors.js';
import { AwsError } from '../../lib/errors.js';
import { objectList, type Input } from './sqs-input.js';

const MAX_ENTRIES = 10;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** A batch's `Entries`, checked as SQS checks them before acting on any: count, id format, distinct ids. */
export function batchEntries(input: Input, entryShape: string): Input[] {
  const entries = objectList(input, 'Entries');
  if (entries.length === 0) throw emptyBatchRequest(entryShape);
  if (entries.length > MAX_ENTRIES) throw tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = entry.Id;
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) throw invalidBatchEntryId();
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries;
}

/** Applies `read` to each entry; an entry it refuses becomes its AwsError (a failed entry), the others go on. */
export function settleEach<T>(entries: Input[], read: (entry: Input) => T): (T | AwsError)[] {
  return entries.map((entry) => {
    try {
      return read(entry);
    } catch (error) {
      if (error instanceof AwsError) return error;
      throw error;
    }
  });
}

/**
 * `{ Successful, Failed }` in entry order. A failed entry carries the error's query-protocol code, as SQS's batch
 * results do in both protocols (`InvalidParameterValue`, `ReceiptHandleIsInvalid`, …).
 */
export function batchResult(entries: Input[], outcomes: (AwsError | Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const successful: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  entries.forEach((entry, index) => {
    const outcome = outcomes[index];
    if (outcome instanceof AwsError) {
      failed.push({ Id: entry.Id, SenderFault: outcome.status < 500, Code: outcome.queryCode ?? outcome.code, Message: outcome.message });
    } else {
      successful.push({ Id: entry.Id, ...outcome });
    }
  });
  return { Successful: successful, Failed: failed };
}
