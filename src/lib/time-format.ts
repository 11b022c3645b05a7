/** `2020-04-10T19:06:32.563+0000`: the form of Lambda's `LastModified` strings. */
export const lambdaTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().replace('Z', '+0000');
