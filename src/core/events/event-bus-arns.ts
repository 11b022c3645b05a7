/** ARNs of EventBridge resources, and the bus a request names (by name or by ARN). */
import type { AccountScope } from '../../lib/arn.js';

export const DEFAULT_BUS = 'default';

export const eventBusArn = (scope: AccountScope, name: string): string => `arn:aws:events:${scope.region}:${scope.accountId}:event-bus/${name}`;

/** The default bus's rules are `rule/<name>`; a custom bus's are `rule/<bus>/<name>`. */
export const ruleArn = (scope: AccountScope, busName: string, name: string): string =>
  `arn:aws:events:${scope.region}:${scope.accountId}:rule/${busName === DEFAULT_BUS ? '' : `${busName}/`}${name}`;

/** The bus name in an `EventBusName` parameter: a name, or the ARN of a bus (of any account or region). */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined) return DEFAULT_BUS;
  const match = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

/** The bus name of an event bus ARN in this account and region; undefined for anything else. */
export function localBusOfArn(scope: AccountScope, arn: string): string | undefined {
  const prefix = eventBusArn(scope, '');
  return arn.startsWith(prefix) && arn.length > prefix.length ? arn.slice(prefix.length) : undefined;
}
