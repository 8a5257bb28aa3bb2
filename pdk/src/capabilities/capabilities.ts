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
import {
  ANY,
  NAME,
  NOTHING,
  OPTIONAL_STRING,
  PATH,
  RECURSIVE,
  STATE_METHODS,
  STRING,
} from './_method-schemas.js';
import { describeExec, describeFsRead, describeFsWrite, describeNet } from './_permission-texts.js';
import { UNGATED_CAPABILITIES } from './_ungated-capabilities.js';
import { type CapabilityDescriptor, defineCapability } from './capability-descriptor.js';

/**
 * Every capability a plugin reaches through `ctx`: the one table the `ctx` types, the sandbox
 * wire allow-list, the host's broker dispatch, the plugin-side runtime, the permission
 * grammar and texts, the docs and the harness's security probes are derived from. Adding a
 * capability starts here (see "Adding a capability" in ARCHITECTURE.md).
 */
export const CAPABILITIES = [
  defineCapability({
    name: 'fs',
    service: 'fs',
    ctx: 'fs',
    title: 'Files',
    summary: 'Read and write workspace files matching the granted globs.',
    risk: 'critical',
    crossesSandbox: true,
    docs: 'fs',
    permissions: [
      {
        kind: 'fs:read',
        grammar: 'fs:read:<glob>',
        target: 'glob',
        describe: describeFsRead,
      },
      {
        kind: 'fs:write',
        grammar: 'fs:write:<glob>',
        target: 'glob',
        describe: describeFsWrite,
      },
    ],
    methods: {
      readFile: {
        summary: 'Read a file as UTF-8 text.',
        permission: 'fs:read',
        params: [PATH],
        result: STRING,
      },
      readBytes: {
        summary: 'Read a file as bytes.',
        permission: 'fs:read',
        params: [PATH],
        result: { type: 'object', description: 'Uint8Array' },
      },
      readdir: {
        summary: 'Names of the entries of a folder.',
        permission: 'fs:read',
        params: [PATH],
        result: { type: 'array', items: STRING },
      },
      stat: {
        summary: 'Size, kind and modification time of a file or folder.',
        permission: 'fs:read',
        params: [PATH],
        result: { type: 'object', required: ['size', 'isFile', 'isDirectory', 'mtimeMs'] },
      },
      exists: {
        summary: 'Whether a path exists.',
        permission: 'fs:read',
        params: [PATH],
        result: { type: 'boolean' },
      },
      writeFile: {
        summary: 'Create or replace a file with text or bytes.',
        permission: 'fs:write',
        params: [PATH, { type: ['string', 'object'], description: 'string or Uint8Array' }],
        result: NOTHING,
      },
      mkdir: {
        summary: 'Create a folder.',
        permission: 'fs:write',
        params: [PATH, RECURSIVE],
        result: NOTHING,
      },
      rm: {
        summary: 'Delete a file or folder.',
        permission: 'fs:write',
        params: [PATH, RECURSIVE],
        result: NOTHING,
      },
    },
  }),
  defineCapability({
    name: 'net',
    service: 'net',
    ctx: 'net',
    title: 'Network',
    summary: 'Make HTTP(S) requests to the granted hosts; private addresses need an exact grant.',
    risk: 'high',
    crossesSandbox: true,
    docs: 'net',
    permissions: [
      { kind: 'net', grammar: 'net:<host>[:<port>]', target: 'host', describe: describeNet },
    ],
    methods: {
      fetch: {
        summary: 'Make an HTTP(S) request; the body is read fully as text.',
        permission: 'net',
        params: [
          { type: 'string', format: 'uri' },
          {
            type: 'object',
            properties: {
              method: STRING,
              headers: { type: 'object', additionalProperties: STRING },
              body: STRING,
              timeoutMs: { type: 'number' },
            },
          },
        ],
        result: { type: 'object', required: ['url', 'status', 'ok', 'headers', 'body'] },
      },
    },
  }),
  defineCapability({
    name: 'env',
    service: 'env',
    ctx: 'env',
    title: 'Environment variables',
    summary: 'Read the environment variables named in the manifest.',
    risk: 'low',
    crossesSandbox: true,
    docs: 'env',
    permissions: [
      {
        kind: 'env',
        grammar: 'env:<NAME>',
        target: 'env-name',
        // `STACK_SECRET_*` names are refused by the parser: secrets go through `secret:`.
        describe: (name) => ({ risk: 'low', summary: `Read the environment variable ${name}.` }),
      },
    ],
    methods: {
      get: {
        summary: 'The value of a variable.',
        permission: 'env',
        params: [NAME],
        result: OPTIONAL_STRING,
      },
    },
  }),
  defineCapability({
    name: 'secrets',
    service: 'secrets',
    ctx: 'secrets',
    title: 'Secrets',
    summary: 'Read the secrets named in the manifest; the host redacts their values.',
    risk: 'medium',
    crossesSandbox: true,
    docs: 'secrets',
    permissions: [
      {
        kind: 'secret',
        grammar: 'secret:<NAME>',
        target: 'secret-name',
        aliases: ['secrets'],
        describe: (name) => ({
          risk: 'medium',
          summary: `Read the secret ${name}; the host redacts it from logs and errors.`,
        }),
      },
    ],
    methods: {
      get: {
        summary: 'The value of a secret.',
        permission: 'secret',
        params: [NAME],
        result: OPTIONAL_STRING,
      },
    },
  }),
  defineCapability({
    name: 'exec',
    service: 'exec',
    ctx: 'exec',
    title: 'Programs',
    summary:
      'Run the programs named in the manifest, without a shell, confined to the workspace; a list after the name limits their first argument.',
    risk: 'critical',
    crossesSandbox: true,
    docs: 'exec',
    permissions: [
      {
        kind: 'exec',
        grammar: 'exec:<command>[:<arg>,...]',
        target: 'command',
        describe: describeExec,
      },
    ],
    methods: {
      run: {
        summary: 'Run a program with arguments; resolves with its exit code and output.',
        permission: 'exec',
        exposure: 'function',
        params: [
          NAME,
          { type: 'array', items: STRING },
          {
            type: 'object',
            properties: { cwd: STRING, input: STRING, timeoutMs: { type: 'number' } },
          },
        ],
        result: { type: 'object', required: ['exitCode', 'stdout', 'stderr'] },
      },
    },
  }),
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
