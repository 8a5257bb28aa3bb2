import { type CreateHostOptions, type Host } from './host-types.js';
/**
 * Creates a host. Nothing is read or run until {@link Host.start} or {@link Host.load}.
 *
 * @example
 * ```ts
 * import { createHost } from '@stack-plugin/host';
 *
 * // Plugins come from <root>/stack.config.json; fs permissions are relative to root.
 * const host = createHost({ root: process.cwd() });
 * await host.start();
 * try {
 *   const result = await host.execute('notes.create', { title: 'hi' });
 *   console.log(result);
 * } finally {
 *   await host.stop();
 * }
 * ```
 */
export declare function createHost(options: CreateHostOptions): Host;
//# sourceMappingURL=create-host.d.ts.map