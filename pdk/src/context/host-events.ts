/**
 * What happens to a plugin in a host, each published by the host on the event bus as a
 * `host.plugin.<what>` topic. The host's lifecycle events are these names (its transition
 * table is typed by them), so a host cannot change a plugin's state without a topic for it.
 * Plugins listen with `events:on:host.plugin.*`; host applications with
 * `host.events.on('host.plugin.*', ...)`. Only the host publishes `host.` topics.
 */
export const HOST_PLUGIN_EVENTS = {
  validate: { topic: 'host.plugin.validated', summary: 'The host admitted it (manifest checked).' },
  defer: {
    topic: 'host.plugin.deferred',
    summary: 'It is lazy: checked, and waiting for its first use to load and activate.',
  },
  load: { topic: 'host.plugin.loaded', summary: 'Its code was loaded for the first time.' },
  activate: {
    topic: 'host.plugin.activated',
    summary: 'Its `activate` finished; it serves calls.',
  },
  deactivate: {
    topic: 'host.plugin.deactivated',
    summary: 'It was disabled or stopped; `error` is set when its `deactivate` failed.',
  },
  fail: { topic: 'host.plugin.failed', summary: 'It failed to load or activate (`error`).' },
  retry: { topic: 'host.plugin.retried', summary: 'A failed plugin is being started again.' },
  crash: {
    topic: 'host.plugin.crashed',
    summary: 'Its sandbox crashed, hung or ran out of memory.',
  },
  restart: {
    topic: 'host.plugin.restarted',
    summary: "Its sandbox's supervisor restarted it after a crash.",
  },
  quarantine: {
    topic: 'host.plugin.quarantined',
    summary: 'It crashed too often and will not be restarted.',
  },
  unload: { topic: 'host.plugin.unloaded', summary: 'It was removed from the host.' },
  refuse: {
    topic: 'host.plugin.refused',
    summary:
      'It was refused before it could load (not found, invalid manifest, signature or policy; `error`).',
  },
  reload: { topic: 'host.plugin.reloaded', summary: 'New code replaced the running one.' },
  'reload-fail': {
    topic: 'host.plugin.reload-failed',
    summary: 'New code failed to start; the previous one keeps serving (`error`).',
  },
} as const satisfies Readonly<Record<string, { topic: `host.plugin.${string}`; summary: string }>>;

/** What can happen to a plugin in a host (see {@link HOST_PLUGIN_EVENTS}). */
export type HostPluginEventName = keyof typeof HOST_PLUGIN_EVENTS;

/** The topic of one of them: `host.plugin.activated`, ... */
export type HostPluginTopic = (typeof HOST_PLUGIN_EVENTS)[HostPluginEventName]['topic'];

/** The payload of every `host.plugin.*` event. */
export interface HostPluginEvent {
  /** The plugin concerned. */
  readonly plugin: string;
  /** Its version. */
  readonly version: string;
  /** What happened. */
  readonly event: HostPluginEventName;
  /** Its state before (`discovered`, `validated`, `lazy`, `loaded`, `active`, `inactive`, `failed`, `refused`, `unloaded`). */
  readonly from: string;
  /** Its state after; the same as `from` for a reload, a crash while failed, a quarantine. */
  readonly to: string;
  /** The error, for a refusal, failure, crash, quarantine, failed reload or failed deactivation. */
  readonly error?: { readonly code: string; readonly message: string };
}

/** Topics only the host publishes; a plugin's `events.emit` on them is refused. */
export const HOST_TOPIC_PREFIX = 'host.';
