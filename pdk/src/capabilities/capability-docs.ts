import { CAPABILITIES } from './capabilities.js';
import type { CapabilityDescriptor } from './capability-descriptor.js';

/** Where the generated permission table sits in a Markdown page. */
export const CAPABILITY_TABLE_MARKERS = {
  start: '<!-- capability-table:start (generated from the pdk capability table) -->',
  end: '<!-- capability-table:end -->',
} as const;

/**
 * The permission reference as a Markdown table, derived from the capability table: each
 * permission's grammar, the capability page it unlocks, its risk and the same sentence
 * `describePermission` gives users (with the grammar's placeholder as the target).
 */
export function renderCapabilityTable(pagesDir = 'capabilities'): string {
  const rows = (CAPABILITIES as readonly CapabilityDescriptor[]).flatMap((c) =>
    c.permissions.map((p) => {
      const placeholder = /<([^>]+)>/.exec(p.grammar)?.[0] ?? '';
      const { risk, summary } = p.describe(placeholder, undefined);
      // The placeholder would read as an HTML tag in Markdown.
      const text = summary.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
      return `| \`${p.grammar}\` | [${c.title}](${pagesDir}/${c.docs}.md) | ${risk} | ${text} |`;
    }),
  );
  return [
    '| Permission | Capability | Risk | Lets the plugin |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `page` with the text between the markers replaced by the current table. */
export function withCapabilityTable(page: string, pagesDir?: string): string {
  const { start, end } = CAPABILITY_TABLE_MARKERS;
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) return page;
  return `${page.slice(0, from + start.length)}\n${renderCapabilityTable(pagesDir)}\n${page.slice(to)}`;
}
