import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../schema/schema-validator.js';
import { DeclaredEventSchemas, type EventDeclarer } from './declared-event-schemas.js';

const declarer = (
  name: string,
  events: Array<{ id: string; payload?: object }>,
): EventDeclarer => ({
  name,
  state: 'active',
  prepared: { pkg: { manifest: { contributes: { events } } } },
});

const schemas = new DeclaredEventSchemas(
  () => [
    declarer('notes', [
      { id: 'notes.created', payload: { type: 'object', required: ['id'] } },
      { id: 'notes.tagged', payload: { type: 'string', pattern: '^[a-z]+$' } },
    ]),
  ],
  new SchemaValidator(),
);

const refusal = (source: string, topic: string, payload: unknown): unknown => {
  try {
    schemas.check(source, topic, payload);
    return undefined;
  } catch (error) {
    const { code, message, plugin } = error as { code: string; message: string; plugin?: string };
    return { code, message, plugin };
  }
};

describe('DeclaredEventSchemas.check', () => {
  it('accepts a matching payload and any payload of an undeclared topic', () => {
    expect(refusal('p', 'notes.created', { id: 1 })).toBeUndefined();
    expect(refusal('p', 'notes.created', { id: 1 })).toBeUndefined();
    expect(refusal('p', 'other.topic', () => 1)).toBeUndefined();
  });

  it('refuses with the emitter, the topic and the declaring plugin, however often it is asked', () => {
    for (let i = 0; i < 2; i++) {
      expect(refusal('p', 'notes.created', { title: 'x' })).toMatchObject({
        code: 'VALIDATION_FAILED',
        plugin: 'p',
        message: expect.stringContaining(
          'The payload of event "notes.created" (declared by "notes")',
        ),
      });
    }
    expect(refusal('host', 'notes.created', {})).toMatchObject({
      code: 'VALIDATION_FAILED',
      plugin: undefined,
    });
  });

  it('refuses a string its pattern cannot be run on as a failed validation', () => {
    expect(refusal('p', 'notes.tagged', 'abc')).toBeUndefined();
    expect(refusal('p', 'notes.tagged', 'a'.repeat(20_000))).toMatchObject({
      code: 'VALIDATION_FAILED',
      plugin: 'p',
    });
  });
});
