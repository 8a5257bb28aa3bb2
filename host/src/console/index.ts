/**
 * `@stack-plugin/host/console`: the operations console of a running host, a small web page
 * (plugins, dependency graph, live metrics, audit, enable/disable/reload) served on loopback
 * with a token. A separate entry, so hosts that never serve it do not load it.
 *
 * @packageDocumentation
 */

export type { ConsolePlugin, ConsoleState } from './_console-data.js';
export {
  type ConsoleAction,
  type ConsoleHandler,
  type ConsoleHandlerOptions,
  createConsoleHandler,
} from './console-handler.js';
export {
  type ConsoleServer,
  type ConsoleServerOptions,
  startConsoleServer,
} from './console-server.js';
