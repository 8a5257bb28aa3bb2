import type { SchemaValidator } from '../schema/schema-validator.js';

/** A plugin whose manifest declares event topics (`contributes.events`). */
export interface EventDeclarer {
  readonly name: string;
  readonly state: string;
  readonly prepared: {
    readonly pkg: {
      readonly manifest: {
        readonly contributes?: {
          readonly events?: ReadonlyArray<{ id: string; payload?: object }>;
        };
      };
    };
  };
}

/**
 * The payload schemas active plugins declare for their event topics, checked on every emit,
 * by a plugin or by the host: a topic's declared schema holds whoever publishes on it. The
 * table is rebuilt lazily after a lifecycle change, so a topic without a schema costs one map
 * lookup on the emit path.
 */
export class DeclaredEventSchemas {
  readonly #plugins: () => Iterable<EventDeclarer>;
  readonly #validator: SchemaValidator;
  #byTopic: Map<string, Array<{ plugin: string; schema: object }>> | undefined;

  constructor(plugins: () => Iterable<EventDeclarer>, validator: SchemaValidator) {
    this.#plugins = plugins;
    this.#validator = validator;
  }

  /** Forgets the table; the next check rebuilds it from the active plugins. */
  invalidate(): void {
    this.#byTopic = undefined;
  }

  /**
   * Told that `plugin` changed state: forgets the table only when that plugin declares a
   * payload schema (or is not known any more, so whether it did cannot be read). Every change
   * is announced as a host event, which is checked here; forgetting the table on each of them
   * rebuilt it from every plugin once per plugin, so a start of 1,000 plugins spent a fifth of
   * its time here (host-load bench).
   */
  changed(plugin: EventDeclarer | undefined): void {
    if (plugin === undefined || declaresPayload(plugin)) this.invalidate();
  }

  /**
   * Throws `VALIDATION_FAILED` (naming the emitter, and the declaring plugin in the message)
   * when `payload` does not match a schema declared for `topic`.
   */
  check(source: string, topic: string, payload: unknown): void {
    const table = this.#byTopic ?? this.#table();
    // Most hosts have no declared schema at all: then no topic is looked up. The rest is in a
    // method of its own, so that this one stays small enough to be inlined into every emit.
    if (table.size !== 0) this.#check(table, source, topic, payload);
  }

  #check(
    table: Map<string, Array<{ plugin: string; schema: object }>>,
    source: string,
    topic: string,
    payload: unknown,
  ): void {
    const declared = table.get(topic);
    if (declared === undefined) return;
    for (const { plugin, schema } of declared) {
      // The validator compiled for the schema object decides; the message (and the error's
      // options) are built only for a payload it refuses, or when it cannot decide (a string
      // beyond its pattern bound, which `assert` reports with its own code).
      if (this.#matches(schema, payload)) continue;
      this.#validator.assert(schema, payload, {
        what: `The payload of event "${topic}" (declared by "${plugin}")`,
        ...(source === 'host' ? {} : { plugin: source }),
      });
    }
  }

  #matches(schema: object, payload: unknown): boolean {
    try {
      return this.#validator.errors(schema, payload) === undefined;
    } catch {
      return false;
    }
  }

  #table(): Map<string, Array<{ plugin: string; schema: object }>> {
    const table = new Map<string, Array<{ plugin: string; schema: object }>>();
    for (const plugin of this.#plugins()) {
      if (plugin.state !== 'active') continue;
      for (const event of plugin.prepared.pkg.manifest.contributes?.events ?? []) {
        if (event.payload === undefined) continue;
        const list = table.get(event.id) ?? [];
        list.push({ plugin: plugin.name, schema: event.payload });
        table.set(event.id, list);
      }
    }
    this.#byTopic = table;
    return table;
  }
}

function declaresPayload(plugin: EventDeclarer): boolean {
  return (plugin.prepared.pkg.manifest.contributes?.events ?? []).some(
    (e) => e.payload !== undefined,
  );
}
