/** Opaque pagination tokens (Lambda's `Marker`, CloudWatch Logs' `nextToken`): a cursor in base64url. */
export const encodePageToken = (cursor: string): string => Buffer.from(cursor).toString('base64url');

export const decodePageToken = (token: string): string => Buffer.from(token, 'base64url').toString();
