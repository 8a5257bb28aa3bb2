/**
 * Vitest setup file: registers the Stack PDK matchers and checks long-lived test hosts after
 * every test. Add it to `test.setupFiles`:
 *
 * ```ts
 * export default defineConfig({ test: { setupFiles: ['@stack-plugin/test-harness/matchers'] } });
 * ```
 */
import { afterAll, afterEach, expect } from 'vitest';
import { disposeOpenTestHosts, verifyOpenTestHosts } from '../host/open-hosts.js';
import { stackMatchers } from './stack-matchers.js';

expect.extend(stackMatchers);
afterEach(() => verifyOpenTestHosts());
afterAll(() => disposeOpenTestHosts());
