import { ANY, NAME, NOTHING, STRING } from './_method-schemas.js';
import { type CapabilityDescriptor, defineCapability } from './capability-descriptor.js';

/**
 * The capabilities every plugin has without asking: running commands, registering the
 * contributions its manifest declares, and logging. They grant nothing a permission would
 * guard, so a consent screen never lists them; they are still descriptors, so the wire
 * allow-list, the broker and the docs derive them like the others. Part of `CAPABILITIES`.
 */
export const UNGATED_CAPABILITIES = [
  defineCapability({
    name: 'commands',
    service: 'host',
    ctx: 'commands',
    title: 'Commands',
    summary: "Run any loaded plugin's command.",
    risk: 'low',
    crossesSandbox: true,
    docs: 'commands',
    permissions: [],
    methods: {
      execute: { summary: 'Run a command by id with an input.', params: [NAME, ANY], result: ANY },
    },
  }),
  defineCapability({
    name: 'contributions',
    service: 'host',
    ctx: '',
    title: 'Contributions',
    summary: 'Register the handlers of the contributions the manifest declares.',
    risk: 'low',
    crossesSandbox: true,
    docs: 'commands',
    permissions: [],
    methods: {
      register: {
        summary: 'Register the handler of a declared contribution (`ctx.<kind>.register`).',
        exposure: 'registry',
        params: [NAME, NAME],
        result: NOTHING,
      },
      unregister: {
        summary: 'Remove a handler.',
        exposure: 'internal',
        params: [NAME, NAME],
        result: NOTHING,
      },
    },
  }),
  defineCapability({
    name: 'log',
    service: 'logger',
    ctx: 'log',
    title: 'Logging',
    summary: 'Write structured log records; secrets are redacted.',
    risk: 'low',
    crossesSandbox: true,
    docs: 'log',
    permissions: [],
    methods: {
      write: {
        summary: 'Write one record (`ctx.log.debug/info/warn/error`).',
        exposure: 'logger',
        params: [{ enum: ['debug', 'info', 'warn', 'error'] }, STRING, { type: 'object' }],
        result: NOTHING,
      },
    },
  }),
] as const satisfies readonly CapabilityDescriptor[];
