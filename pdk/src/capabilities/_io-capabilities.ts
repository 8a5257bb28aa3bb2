import { NAME, NOTHING, OPTIONAL_STRING, PATH, RECURSIVE, STRING } from './_method-schemas.js';
import { describeExec, describeFsRead, describeFsWrite, describeNet } from './_permission-texts.js';
import { type CapabilityDescriptor, defineCapability } from './capability-descriptor.js';

/**
 * The capabilities that reach the host's machine and beyond: workspace files, the network,
 * environment variables, secrets and programs. Their rules need broker code of their own
 * (path resolution, address checks per hop, redaction, confinement). Part of `CAPABILITIES`,
 * in this order, first.
 */
export const IO_CAPABILITIES = [
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
] as const satisfies readonly CapabilityDescriptor[];
