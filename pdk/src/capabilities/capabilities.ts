import type {
  EnvCapability,
  EventsEmitCapability,
  EventsOnCapability,
  ExecCapability,
  FsReadCapability,
  FsWriteCapability,
  NetCapability,
  SecretsCapability,
  StateStore,
} from '../context/capability-types.js';
import type { PluginTypes } from '../context/plugin-types.js';
import { IO_CAPABILITIES } from './_io-capabilities.js';
import { ANY, NAME, NOTHING, STATE_METHODS } from './_method-schemas.js';
import { UNGATED_CAPABILITIES } from './_ungated-capabilities.js';
import { type CapabilityDescriptor, defineCapability } from './capability-descriptor.js';

/**
 * Every capability a plugin reaches through `ctx`: the one table the `ctx` types, the sandbox
 * wire allow-list, the host's broker dispatch, the plugin-side runtime, the permission
 * grammar and texts, the docs and the harness's security probes are derived from. Adding a
 * capability starts here (see "Adding a capability" in ARCHITECTURE.md).
 */
export const CAPABILITIES = [
  ...IO_CAPABILITIES,
  defineCapability({
    name: 'events',
    service: 'host',
    ctx: 'events',
    title: 'Events',
    summary: 'Publish and listen to events on the granted topics.',
    risk: 'medium',
    crossesSandbox: true,
    docs: 'events',
    permissions: [
      {
        kind: 'events:emit',
        grammar: 'events:emit:<pattern>',
        target: 'topic',
        describe: (pattern) =>
          pattern.includes('*')
            ? { risk: 'medium', summary: `Publish events on any topic matching "${pattern}".` }
            : { risk: 'low', summary: `Publish "${pattern}" events.` },
      },
      {
        kind: 'events:on',
        grammar: 'events:on:<pattern>',
        target: 'topic-pattern',
        describe: (pattern) => ({
          risk: 'low',
          summary: `Listen to events on topics matching "${pattern}".`,
        }),
      },
    ],
    methods: {
      emit: {
        summary: 'Publish a payload on a topic.',
        permission: 'events:emit',
        params: [NAME, ANY],
        result: NOTHING,
      },
      on: {
        summary: 'Listen to topics matching a pattern (`*` one segment, `**` any number).',
        permission: 'events:on',
        exposure: 'listener',
        params: [NAME, NAME],
        result: NOTHING,
      },
      off: { summary: 'Stop a listener.', exposure: 'internal', params: [NAME], result: NOTHING },
    },
  }),
  defineCapability({
    name: 'state',
    service: 'state',
    ctx: 'state',
    title: 'State',
    summary: "Keep the plugin's own durable key-value data.",
    risk: 'low',
    crossesSandbox: true,
    docs: 'state',
    permissions: [
      {
        kind: 'state',
        grammar: 'state',
        target: 'none',
        describe: () => ({ risk: 'low', summary: 'Keep its own data between runs.' }),
      },
    ],
    methods: Object.fromEntries(
      Object.entries(STATE_METHODS).map(([name, method]) => [
        name,
        { ...method, permission: 'state' },
      ]),
    ),
  }),
  defineCapability({
    name: 'sharedState',
    service: 'state',
    ctx: 'state.shared',
    title: 'Shared state',
    summary: 'Read and change the key-value data shared by all plugins.',
    risk: 'medium',
    crossesSandbox: true,
    docs: 'state',
    permissions: [
      {
        kind: 'state:shared',
        grammar: 'state:shared',
        target: 'none',
        implies: ['state'],
        describe: () => ({
          risk: 'medium',
          summary: 'Read and change data shared by all plugins, as well as keep its own.',
        }),
      },
    ],
    methods: Object.fromEntries(
      Object.entries(STATE_METHODS).map(([name, method]) => [
        name,
        { ...method, permission: 'state:shared' },
      ]),
    ),
  }),
  ...UNGATED_CAPABILITIES,
] as const satisfies readonly CapabilityDescriptor[];

/** The name of a capability (`fs`, `sharedState`, ...). */
export type CapabilityName = (typeof CAPABILITIES)[number]['name'];

/** A permission kind, as declared by the capabilities (`fs:read`, `net`, `state`, ...). */
export type PermissionKind = (typeof CAPABILITIES)[number]['permissions'][number]['kind'];

/**
 * The `ctx` interface each permission kind unlocks, under its capability's `ctx` member (the
 * interfaces of one member are intersected). `PluginContext` is derived from this and
 * {@link CAPABILITIES}; a kind in the table without an entry here is a compile error there.
 */
export interface PermissionApis<T extends PluginTypes> {
  'fs:read': FsReadCapability;
  'fs:write': FsWriteCapability;
  net: NetCapability;
  env: EnvCapability;
  secret: SecretsCapability;
  exec: ExecCapability;
  'events:emit': EventsEmitCapability<T['events']>;
  'events:on': EventsOnCapability;
  state: StateStore;
  'state:shared': { readonly shared: StateStore };
}
