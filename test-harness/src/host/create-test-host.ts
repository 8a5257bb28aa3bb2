import {
  createHost,
  createInProcessExecutor,
  type HostCapability,
  type HostPolicy,
  type PluginExecutor,
} from '@stack-plugin/host';
import { createTestServices, type TestServicesOptions } from '../services/test-services.js';
import { type PluginSource, PluginStager } from './_plugin-source.js';
import type { FailOnOptions } from './_problems.js';
import { sandboxExecutors } from './_sandbox.js';
import { importModule, insideVitest, onCurrentTestFinished } from './_vitest-bridge.js';
import { createHarnessExecutor } from './harness-executor.js';
import { trackOpenHost } from './open-hosts.js';
import { TestHost } from './test-host.js';

/** Options of {@link createTestHost}. */
export interface CreateTestHostOptions extends TestServicesOptions {
  /**
   * `in-process` (default): every plugin runs in the test process whatever its declared
   * isolation, from TypeScript sources, so breakpoints and coverage work. `declared`: each
   * plugin runs its declared entry (the built bundle) under its declared isolation, with the
   * host's worker and process executors, for conformance tests.
   */
  readonly isolation?: 'in-process' | 'declared';
  /**
   * Executors for `limited` and `strict` in `declared` mode (default: the host's worker and
   * process executors). The test host does not close executors it was given.
   */
  readonly sandboxExecutors?: { readonly limited: PluginExecutor; readonly strict: PluginExecutor };
  /** Host policy (raise isolation, cap limits). */
  readonly policy?: HostPolicy;
  /**
   * Capabilities the host under test defines, usually the host's published descriptor with a
   * fake implementation: `[defineHostCapability(tickets, { create: () => ({ id: 'T-1' }) })]`.
   * Plugins reach them as `ctx.host['<name>']`, checked and audited as in a real host.
   */
  // biome-ignore lint/suspicious/noExplicitAny: each capability keeps its own descriptor type.
  readonly capabilities?: readonly HostCapability<any>[];
  /** Host API version to check plugins' `host` ranges against (default: the host's). */
  readonly hostApiVersion?: string;
  /** What the end-of-test check fails on. */
  readonly failOn?: FailOnOptions;
  /**
   * When created inside a test (default true): at its end, fail it on unexpected calls
   * (`verify()`) and dispose the host. Hosts made in `beforeAll` are checked after each test
   * by the matchers setup file instead.
   */
  readonly auto?: boolean;
  /** Plugins to mount right away, with default mount options. */
  readonly plugins?: ReadonlyArray<PluginSource>;
  /** Host workspace root on disk (default: the temp directory, or the current directory). */
  readonly root?: string;
}

/**
 * Creates a test host: the real `createHost` from `@stack-plugin/host` with in-memory
 * services, executors that record every capability call, and plugins loaded from their
 * TypeScript sources in-process (or under their declared isolation, for conformance).
 *
 * Inside a test it checks for unexpected calls and disposes itself when the test ends.
 *
 * @example
 * ```ts
 * // test/notes.test.ts of a plugin whose notes.count counts the workspace's Markdown files
 * import { fileURLToPath } from 'node:url';
 * import { createTestHost } from '@stack-plugin/test-harness';
 * import { expect, it } from 'vitest';
 *
 * it('counts the notes of the workspace', async () => {
 *   const th = await createTestHost({
 *     files: { 'notes/a.md': '# A' },
 *     net: { 'GET https://api.example.com/notes': { json: [] } },
 *     secrets: { API_TOKEN: 'test-token' },
 *   });
 *   const notes = await th.mount(fileURLToPath(new URL('..', import.meta.url)));
 *   await expect(notes).toRespondWith('notes.count', {}, { count: 1 });
 * });
 * ```
 */
export async function createTestHost(options: CreateTestHostOptions = {}): Promise<TestHost> {
  const services = await createTestServices(options);
  const stager = new PluginStager();
  const mode = options.isolation ?? 'in-process';
  const root = options.root ?? (options.tempDir === true ? services.fs.root : process.cwd());
  const importPlugin = async (url: string): Promise<unknown> => {
    const substitute = stager.substituteFor(url);
    if (substitute !== undefined && typeof substitute !== 'string') return { default: substitute };
    // The host's query (?stack-plugin-load=<token>-<n>) makes each load a fresh module
    // instance; a staged substitute file gets the same query.
    if (substitute === undefined) return importModule(url);
    const target = new URL(substitute);
    target.search = new URL(url).search;
    return importModule(target.href);
  };
  const inProcess = createInProcessExecutor({ importModule: importPlugin });
  const sandboxed =
    mode !== 'declared'
      ? undefined
      : options.sandboxExecutors !== undefined
        ? { ...options.sandboxExecutors, close: async () => {} }
        : sandboxExecutors();
  const testHost = new TestHost({
    services,
    mode,
    failOn: options.failOn,
    stager,
    importPlugin,
    closeExecutors: async () => {
      await sandboxed?.close();
    },
    build: (executors) =>
      createHost({
        root,
        config: { plugins: [] },
        services,
        executors,
        env: services.env.values(),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
        ...(options.hostApiVersion === undefined ? {} : { hostApiVersion: options.hostApiVersion }),
      }),
    executors: (hooks) => {
      const wrap = (executor: PluginExecutor) => createHarnessExecutor(executor, hooks);
      const none = wrap(inProcess);
      if (sandboxed === undefined) return { none, limited: none, strict: none };
      return { none, limited: wrap(sandboxed.limited), strict: wrap(sandboxed.strict) };
    },
  });
  await testHost.host.start();
  if (options.auto !== false) {
    const registered = await onCurrentTestFinished(async () => {
      try {
        testHost.verify();
      } finally {
        await testHost.dispose();
      }
    });
    if (!registered && insideVitest()) trackOpenHost(testHost);
  }
  for (const plugin of options.plugins ?? []) await testHost.mount(plugin);
  return testHost;
}
