/** When a long-running command should stop; see {@link watchShutdown}. */
export interface Shutdown {
  /** Settles once a stop was requested. */
  readonly requested: Promise<void>;
  /** Whether a stop was requested. */
  readonly isRequested: boolean;
  /** Requests the stop (a closed connection does, as SIGINT and SIGTERM do). */
  request(): void;
  /** Removes the signal handlers: from then on a second Ctrl-C ends the process as usual. */
  dispose(): void;
}

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM (how MCP clients end a stdio server that outlives its
 * stdin) into a request to stop, from the moment it is called: a signal that arrives while
 * the host is still starting is honoured once it has started, so the plugins are always
 * deactivated before the process ends.
 */
export function watchShutdown(): Shutdown {
  let isRequested = false;
  let resolve!: () => void;
  const requested = new Promise<void>((settle) => {
    resolve = settle;
  });
  const request = () => {
    isRequested = true;
    resolve();
  };
  process.on('SIGINT', request);
  process.on('SIGTERM', request);
  return {
    requested,
    get isRequested() {
      return isRequested;
    },
    request,
    dispose() {
      process.off('SIGINT', request);
      process.off('SIGTERM', request);
    },
  };
}
