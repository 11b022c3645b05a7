import { randomBytes, randomUUID } from 'node:crypto';

/** A request id as AWS makes them: a lower-case UUID v4. */
export const newRequestId = (): string => randomUUID();

/** 32 lower-case hex characters, as in a log stream's `[$LATEST]<hex>` suffix. */
export const newHexId = (): string => randomBytes(16).toString('hex');
