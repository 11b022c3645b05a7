import { invalidAddress, queueDoesNotExist } from '../../core/messaging/sqs/sqs-errors.js';

/** Queue URLs: `http://<host>:<port>/<account>/<queue>`, built on the URL Eventide is reachable at. */
export const queueUrl = (endpointUrl: string, accountId: string, name: string): string => `${endpointUrl}/${accountId}/${name}`;

/**
 * The queue a QueueUrl names. Any host is accepted (clients may know Eventide under another name, or keep AWS's
 * host) as long as the path is this account's `/<account>/<queue>`; a bare path is accepted too.
 */
export function queueNameOfUrl(url: string, accountId: string): string {
  let path: string;
  if (url.startsWith('/')) path = url;
  else {
    try {
      path = new URL(url).pathname;
    } catch {
      throw invalidAddress(url);
    }
  }
  const segments = path.split('/').filter((segment) => segment !== '');
  const [account, name] = segments;
  if (segments.length !== 2 || account === undefined || name === undefined) throw invalidAddress(url);
  if (account !== accountId) throw queueDoesNotExist();
  return name;
}
