/** IAM's pagination: `Marker` in, `IsTruncated` and `Marker` out; markers are opaque store cursors. */
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import type { Page } from '../../store/store.js';

/** A page of a list: `marker` is set when more follow. */
export interface Listing<T> {
  items: T[];
  marker: string | undefined;
}

export const cursorOf = (marker: string | undefined): string | undefined => (marker === undefined ? undefined : decodePageToken(marker));

export const markerOf = (cursor: string): string => encodePageToken(cursor);

export const listingOf = <T>(page: Page<T>): Listing<T> => ({
  items: page.items,
  marker: page.next === undefined ? undefined : markerOf(page.next),
});
