/**
 * Runs an action when the event loop has nothing left to do ('beforeExit'), which is how Lambda's
 * `callbackWaitsForEmptyEventLoop` and "Promise never settled" are detected. One action at a time;
 * it fires once. Scheduling new work from it (e.g. an HTTP request) keeps the process alive.
 */
let drainAction: (() => void) | undefined;
let listening = false;

export function whenEventLoopDrains(action: (() => void) | undefined): void {
  drainAction = action;
  if (!listening) {
    listening = true;
    process.on('beforeExit', runDrainAction);
  }
}

function runDrainAction(): void {
  const action = drainAction;
  drainAction = undefined;
  action?.();
}
