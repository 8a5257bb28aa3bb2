import type { Colors } from './colors.js';
import type { OptionSpecs } from './options.js';

/** One row of a help table: the left column (a command, a flag) and its description. */
export type HelpRow = readonly [left: string, right: string];

const pad = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - text.length));

/** Two aligned columns, indented by two spaces, the left one in cyan. */
export function formatHelpRows(rows: readonly HelpRow[], c: Colors): string {
  // Rows without a description (choices under an option) are pre-indented and don't widen it.
  const width = Math.max(0, ...rows.filter(([, r]) => r !== '').map(([left]) => left.length)) + 2;
  return rows
    .map(([left, right]) => `  ${right === '' ? left : c.cyan(pad(left, width))}${right}\n`)
    .join('');
}

/** The left column of an option: `-t, --template <name>`, `    --[no-]git`. */
function optionLabel(name: string, o: OptionSpecs[string]): string {
  const short = o.short ? `-${o.short}, ` : '    ';
  const negation = o.type === 'boolean' && o.negatable ? '[no-]' : '';
  const value = o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : '';
  return `${short}--${negation}${name}${value}`;
}

/**
 * The rows of `specs` per help section ({@link OptionSpec.group}, `Options` by default), in
 * the table's order; a string option's choices follow it, indented. `extra` rows (e.g. a
 * positional argument, or the values of one) come first, in sections of their own or opening
 * an option group.
 */
export function optionHelpSections(
  specs: OptionSpecs,
  extra: Readonly<Record<string, readonly HelpRow[]>> = {},
): Map<string, HelpRow[]> {
  const sections = new Map<string, HelpRow[]>(
    Object.entries(extra).map(([group, rows]) => [group, [...rows]]),
  );
  const rowsOf = (group: string) => {
    let rows = sections.get(group);
    if (rows === undefined) {
      rows = [];
      sections.set(group, rows);
    }
    return rows;
  };
  for (const [name, o] of Object.entries(specs)) {
    const rows = rowsOf(o.group ?? 'Options');
    rows.push([optionLabel(name, o), o.description]);
    const width = Math.max(0, ...(o.choices ?? []).map((choice) => choice.value.length)) + 2;
    for (const choice of o.choices ?? []) {
      rows.push([`        ${pad(choice.value, width)}${choice.hint}`, '']);
    }
  }
  return sections;
}

/** Every section of {@link optionHelpSections} as text: a bold heading, then the rows. */
export function formatOptionHelp(
  specs: OptionSpecs,
  c: Colors,
  extra?: Readonly<Record<string, readonly HelpRow[]>>,
): string {
  return [...optionHelpSections(specs, extra)]
    .map(([title, rows]) => `\n${c.bold(`${title}:`)}\n${formatHelpRows(rows, c)}`)
    .join('');
}
