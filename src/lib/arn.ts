/** Amazon Resource Names of the things Eventide serves. */

export interface AccountScope {
  region: string;
  accountId: string;
}

export const functionArn = (scope: AccountScope, name: string, qualifier?: string): string =>
  `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;

export const logGroupArn = (scope: AccountScope, group: string): string =>
  `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${group}`;

export const logStreamArn = (scope: AccountScope, group: string, stream: string): string =>
  `${logGroupArn(scope, group)}:log-stream:${stream}`;
