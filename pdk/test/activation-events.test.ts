import { describe, expect, it } from 'vitest';
import {
  isLazyActivation,
  MANIFEST_SCHEMA_URL,
  parseActivationEvent,
  validateManifest,
} from '../src/index.js';

const packageJson = {
  name: 'stack-plugin-demo',
  version: '1.0.0',
  description: 'Demo.',
  keywords: ['stack-plugin'],
  engines: { node: '>=22.12' },
};
const base = {
  $schema: MANIFEST_SCHEMA_URL,
  category: 'micro',
  host: '^1.0.0',
  contributes: { commands: [{ id: 'notes.create' }] },
};
const check = (manifest: Record<string, unknown>) =>
  validateManifest({ manifest: { ...base, ...manifest }, packageJson });

describe('activationEvents', () => {
  it('parses each form and rejects anything else', () => {
    expect(parseActivationEvent('onStartup')).toEqual({ on: 'startup' });
    expect(parseActivationEvent('onCommand:notes.create')).toEqual({
      on: 'command',
      id: 'notes.create',
    });
    expect(parseActivationEvent('onWorkflow:release')).toEqual({ on: 'workflow', id: 'release' });
    expect(parseActivationEvent('onEvent:build.**')).toEqual({ on: 'event', pattern: 'build.**' });
    for (const bad of ['*', 'onCommand:', 'onEvent:a..b', 'onEvent:a*.b', 'onstartup', 'on:x']) {
      expect(parseActivationEvent(bad), bad).toBeUndefined();
    }
  });

  it('is lazy only when the field is there without onStartup', () => {
    expect(isLazyActivation(undefined)).toBe(false);
    expect(isLazyActivation(['onStartup', 'onCommand:x'])).toBe(false);
    expect(isLazyActivation([])).toBe(true);
    expect(isLazyActivation(['onEvent:a.b'])).toBe(true);
  });

  it('accepts valid events', () => {
    const report = check({
      activationEvents: ['onCommand:notes.create', 'onWorkflow:nightly', 'onEvent:build.*'],
    });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('reports a malformed event and a command the plugin does not contribute', () => {
    const report = check({
      activationEvents: ['onEvent:build.step*', 'onCommand:notes.delete', 'whenever'],
    });
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'ACTIVATION_EVENT_INVALID',
        '/activationEvents/0',
        'The activation event "onEvent:build.step*" is not valid: "step*": wildcards must be a whole segment, "*" or "**".',
      ],
      [
        'ACTIVATION_EVENT_INVALID',
        '/activationEvents/1',
        'The activation event "onCommand:notes.delete" is not valid: it names the command "notes.delete", which the plugin does not contribute, so no call could ever activate it.',
      ],
      [
        'ACTIVATION_EVENT_INVALID',
        '/activationEvents/2',
        'The activation event "whenever" is not valid: it is not one of the activation events.',
      ],
    ]);
  });

  it('refuses duplicates and non-strings through the schema', () => {
    const codes = check({ activationEvents: ['onStartup', 'onStartup', 3] }).issues.map(
      (i) => i.code,
    );
    expect(codes).toContain('MANIFEST_SCHEMA');
  });

  it('warns when a lazy plugin contributes hooks, which would not run until activated', () => {
    const report = check({
      activationEvents: [],
      contributes: { hooks: [{ id: 'audit', point: 'host.start' }] },
    });
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.severity, i.code])).toEqual([
      ['warning', 'ACTIVATION_LAZY_HOOKS'],
    ]);
    expect(
      check({
        activationEvents: ['onStartup'],
        contributes: { hooks: [{ id: 'audit', point: 'host.start' }] },
      }).issues,
    ).toEqual([]);
  });
});
