/** What this module needs of a test host: its end-of-test check and its disposal. */
export interface OpenHost {
  verify(): void;
  dispose(): Promise<void>;
}

/** Test hosts created outside a test (in `beforeAll` or at module level), still open. */
const open = new Set<OpenHost>();

/** Keeps `host` for the per-test check of the matchers setup file. */
export function trackOpenHost(host: OpenHost): void {
  open.add(host);
}

/** Forgets `host` (it was disposed). */
export function untrackOpenHost(host: OpenHost): void {
  open.delete(host);
}

/**
 * Fails the current test when a long-lived test host saw unexpected calls during it. Called
 * after each test by `@stack-plugin/test-harness/matchers`.
 */
export function verifyOpenTestHosts(): void {
  const errors: unknown[] = [];
  for (const host of open) {
    try {
      host.verify();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1)
    throw new AggregateError(errors, 'several test hosts saw unexpected calls');
}

/** Disposes every long-lived test host (after each test file). */
export async function disposeOpenTestHosts(): Promise<void> {
  const hosts = [...open];
  open.clear();
  await Promise.all(hosts.map((host) => host.dispose()));
}
