import { type ErrorEntry, renderHint } from '@stack-plugin/pdk';
import type { DocPage } from './manifest-pages.js';
import { cell } from './schema-markdown.js';

/** What the CLI reference reads of one command (the shape of `stack-plugin`'s definitions). */
export interface CliCommandDoc {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly description?: string;
  readonly options?: Readonly<
    Record<
      string,
      {
        readonly type: string;
        readonly description: string;
        readonly short?: string;
        readonly valueName?: string;
      }
    >
  >;
  readonly examples?: readonly string[];
}

/**
 * The CLI reference page: every command with its usage, description, options and examples,
 * generated from the command definitions `stack-plugin --help` prints, so the two never differ.
 */
export function cliReferencePage(bin: string, commands: readonly CliCommandDoc[]): DocPage {
  const sorted = [...commands].sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# CLI reference',
    '',
    `Every \`${bin}\` command, generated from the same definitions as \`${bin} <command> --help\`. Every command also takes \`--json\`, \`--help\` and \`--no-color\`.`,
    '',
    '| Command | What it does |',
    '| --- | --- |',
    ...sorted.map((c) => `| \`${c.name}\` | ${cell(c.summary)} |`),
    '',
  ];
  for (const c of sorted) {
    lines.push(`## ${c.name}`, '', c.summary, '', '```sh', c.usage, '```', '');
    if (c.description !== undefined)
      lines.push(c.description.replace(/([^\n])\n(?!\n)/g, '$1 ').replace(/ {2,}/g, ' '), '');
    const options = Object.entries(c.options ?? {});
    if (options.length > 0) {
      lines.push('| Option | Description |', '| --- | --- |');
      for (const [name, o] of options) {
        const flag = `--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}${o.short === undefined ? '' : `, -${o.short}`}`;
        lines.push(`| \`${cell(flag)}\` | ${cell(o.description)} |`);
      }
      lines.push('');
    }
    if ((c.examples ?? []).length > 0) lines.push('```sh', ...(c.examples ?? []), '```', '');
  }
  return { title: 'CLI reference', group: 'Reference', markdown: lines.join('\n') };
}

/** Placeholders for a catalog entry's arguments: `<plugin>`, `<path>`, ... */
/**
 * Stands for an argument: prints as `<name>`, and its fields as `<field>`, so an entry that
 * lists objects (manifest issues, broken links) renders too.
 */
const placeholder = (name: string): unknown =>
  new Proxy(
    {},
    {
      get: (_target, key) =>
        key === Symbol.toPrimitive || key === 'toString'
          ? () => `<${name}>`
          : typeof key === 'string'
            ? `<${key}>`
            : undefined,
    },
  );

// Each argument is a one-element list of a placeholder: it prints as `<name>` in a template and
// also serves where an entry expects a list.
const PLACEHOLDERS = new Proxy(
  {},
  { get: (_target, key) => (typeof key === 'string' ? [placeholder(key)] : undefined) },
) as never;

/**
 * The error-code reference: every code of the packages' catalogs (`defineErrors`), keyed by
 * the package that owns them, with its title, what it means (the message with its arguments
 * as `<placeholders>`), what to do (the hint) and its exit status when not 1.
 */
export function errorCodesPage(
  catalogs: Readonly<Record<string, Readonly<Record<string, ErrorEntry<string, never>>>>>,
  issues: Readonly<
    Record<
      string,
      { readonly severity: string; readonly summary: string; readonly fixable: boolean }
    >
  > = {},
): DocPage {
  const codes = Object.entries(catalogs)
    .flatMap(([owner, catalog]) => Object.values(catalog).map((entry) => ({ owner, entry })))
    .sort((a, b) => a.entry.code.localeCompare(b.entry.code));
  const lines = [
    '# Error codes',
    '',
    'Every error a Stack PDK package throws has a permanent `code`, a message saying what happened and why, and a hint saying what to do; `--json` prints all three. Words in `<angle brackets>` stand for the values of a real error.',
    '',
    '| Code | Title | Package |',
    '| --- | --- | --- |',
    ...codes.map(({ owner, entry: e }) => `| \`${e.code}\` | ${cell(e.title)} | ${cell(owner)} |`),
    '',
  ];
  for (const { owner, entry: e } of codes) {
    lines.push(
      `## ${e.code}`,
      '',
      `**${e.title}** (${owner})`,
      '',
      `- Meaning: ${e.message(PLACEHOLDERS)}`,
      `- Hint: ${renderHint(e, PLACEHOLDERS)}`,
      ...(e.exitCode === undefined ? [] : [`- Exit status: ${e.exitCode}`]),
      '',
    );
  }
  const issueCodes = Object.entries(issues).sort(([a], [b]) => a.localeCompare(b));
  if (issueCodes.length > 0) {
    lines.push(
      '## Validation issue codes',
      '',
      '`stack-plugin validate` (and every tool that validates a plugin) reports these per issue, each with its own message and hint; `error` makes the plugin invalid.',
      '',
      '| Code | Severity | `--fix` | Meaning |',
      '| --- | --- | --- | --- |',
      ...issueCodes.map(
        ([code, i]) =>
          `| \`${code}\` | ${i.severity} | ${i.fixable ? 'yes' : ''} | ${cell(i.summary)} |`,
      ),
      '',
    );
  }
  return { title: 'Error codes', group: 'Reference', markdown: lines.join('\n') };
}
