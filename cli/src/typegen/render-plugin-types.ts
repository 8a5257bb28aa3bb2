import { CALLABLE_KINDS, type CapabilityDescriptor, type Manifest } from '@stack-plugin/pdk';
import { propertyKey, quote } from './_type-text.js';
import { type ConvertedType, type JsonSchema, schemaToType } from './schema-to-type.js';

/** The file name typegen writes at the plugin root. */
export const PLUGIN_TYPES_FILE = 'stack-plugin-env.d.ts';

type Entry = { readonly id: string; readonly [key: string]: unknown };

const indentLines = (text: string, indent: string): string => text.replaceAll('\n', `\n${indent}`);

/**
 * The declaration file for a plugin: augments `PluginTypeRegistry` of `@stack-plugin/pdk` with
 * the config type, the granted permissions and the contributions' input/output types derived
 * from `manifest`, and `HostCapabilityTypes` with the methods of the host-defined capabilities
 * given (their descriptors' `params` and `result` schemas). Pure and deterministic: the same
 * inputs give the same text.
 */
export function renderPluginTypes(
  manifest: Manifest,
  source = 'stack-plugin.json',
  hostCapabilities: readonly CapabilityDescriptor[] = [],
): string {
  const aliases: Array<{ name: string; type: string; notes?: readonly string[] }> = [];
  const usedPrefixes = new Set<string>();
  // Ids like `a.b` and `a-b` share a PascalCase word; number the later ones.
  const unique = (prefix: string): string => {
    let name = prefix;
    for (let n = 2; usedPrefixes.has(name); n++) name = `${prefix}${n}`;
    usedPrefixes.add(name);
    return name;
  };
  const convert = (schema: unknown, prefix: string, indent: string, config = false): string => {
    if (schema === undefined) return 'unknown';
    const converted: ConvertedType = schemaToType(schema as JsonSchema, {
      aliasPrefix: prefix,
      defaultsAreRequired: config,
    });
    for (const alias of converted.aliases)
      aliases.push({ ...alias, notes: converted.aliasNotes?.[alias.name] });
    return `${notesComment(converted.notes)}${indentLines(converted.type, indent)}`;
  };
  const contributes = (manifest.contributes ?? {}) as Record<string, readonly Entry[] | undefined>;
  const body: string[] = [];
  const i3 = '      ';
  body.push(
    `${i3}config: ${manifest.config === undefined ? 'Record<string, never>' : convert(manifest.config, unique('Config'), i3, true)};\n`,
  );
  const permissions = [...new Set(manifest.permissions ?? [])].sort();
  body.push(
    `${i3}permissions: ${permissions.length === 0 ? 'never' : permissions.map(quote).join(' | ')};\n`,
  );
  // The kinds with handlers are the ones whose contributions get input/output types in `PluginTypes`.
  for (const kind of CALLABLE_KINDS) {
    const entries = contributes[kind] ?? [];
    if (entries.length === 0) {
      body.push(`${i3}${kind}: Record<never, never>;\n`);
      continue;
    }
    body.push(`${i3}${kind}: {\n`);
    for (const entry of entries) {
      const prefix = unique(`${kindPrefix(kind)}${aliasWord(entry.id)}`);
      const i4 = `${i3}  `;
      const i5 = `${i4}  `;
      const doc =
        typeof entry.title === 'string' || typeof entry.description === 'string'
          ? `${i4}/** ${[entry.title, entry.description]
              .filter((t) => typeof t === 'string')
              .join(': ')
              .replaceAll('*/', '*\\/')
              .replaceAll('\n', ' ')} */\n`
          : '';
      body.push(
        `${doc}${i4}${propertyKey(entry.id)}: {\n`,
        `${i5}input: ${convert(entry.input, `${prefix}Input`, i5)};\n`,
        `${i5}output: ${convert(entry.output, `${prefix}Output`, i5)};\n`,
        `${i4}};\n`,
      );
    }
    body.push(`${i3}};\n`);
  }
  const events = contributes.events ?? [];
  if (events.length === 0) {
    body.push(`${i3}events: Record<never, never>;\n`);
  } else {
    body.push(`${i3}events: {\n`);
    for (const event of events) {
      const i4 = `${i3}  `;
      body.push(
        `${i4}${propertyKey(event.id)}: ${convert(event.payload, unique(`Event${aliasWord(event.id)}`), i4)};\n`,
      );
    }
    body.push(`${i3}};\n`);
  }
  const hosted: string[] = [];
  for (const capability of [...hostCapabilities].sort((a, b) => a.name.localeCompare(b.name))) {
    const word = aliasWord(capability.name);
    const i3h = '      ';
    hosted.push(`    ${quote(capability.name)}: {\n`);
    for (const [method, m] of Object.entries(capability.methods)) {
      const prefix = unique(`${word}${aliasWord(method)}`);
      const params = m.params.map(
        (schema, index) =>
          `${index === 0 ? 'input' : `arg${index + 1}`}: ${convert(schema, `${prefix}Param${index + 1}`, i3h)}`,
      );
      const doc = `${i3h}/** ${m.summary.replaceAll('*/', '*\\/').replaceAll('\n', ' ')} */\n`;
      hosted.push(
        `${doc}${i3h}${propertyKey(method)}(${params.join(', ')}): Promise<${convert(m.result, `${prefix}Result`, i3h)}>;\n`,
      );
    }
    hosted.push('    };\n');
  }
  const aliasText = aliases
    .map(({ name, type, notes }) => `type ${name} = ${notesComment(notes)}${type};\n`)
    .join('');
  return [
    `// Generated by \`stack-plugin typegen\` from ${source}. Do not edit: change the manifest and\n`,
    '// re-run `stack-plugin typegen` (the build and test scripts do). Types `ctx` in definePlugin.\n',
    'export {};\n',
    '\n',
    "declare module '@stack-plugin/pdk' {\n",
    '  interface PluginTypeRegistry {\n',
    '    plugin: {\n',
    ...body,
    '    };\n',
    '  }\n',
    ...(hosted.length === 0 ? [] : ['  interface HostCapabilityTypes {\n', ...hosted, '  }\n']),
    '}\n',
    aliasText === '' ? '' : `\n${aliasText}`,
  ].join('');
}

/** Keywords a type does not express, as a comment written before it (or nothing). */
const notesComment = (notes: readonly string[] | undefined): string =>
  notes === undefined || notes.length === 0
    ? ''
    : `/* checked at run time, not by this type: ${notes.join('; ').replaceAll('*/', '*\\/')} */ `;

const kindPrefix = (kind: string): string => kind[0]!.toUpperCase() + kind.slice(1, -1);

const aliasWord = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
