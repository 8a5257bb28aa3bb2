import { CONTRIBUTION_KINDS, describePermission, riskRank } from '@stack-plugin/pdk';
import { escapeText } from './_escape-text.js';
import { cell, type JsonSchema, schemaToMarkdown } from './schema-markdown.js';
import { workflowMarkdown } from './workflow-pages.js';

/** What the manifest pages read from a plugin package (name and version from package.json). */
export interface ManifestSummary {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** The parsed `stack-plugin.json`. */
  readonly manifest: { readonly [field: string]: unknown };
}

/** One generated page: a Markdown document added to the site and the Markdown output. */
export interface DocPage {
  /** Title shown in navigation; also the document's name in typedoc. */
  readonly title: string;
  /** Navigation group (`Plugin` for manifest pages, `Guides` for guides). */
  readonly group: string;
  readonly markdown: string;
}

/** Contribution kinds in the order their pages appear, with their page titles. */
export const CONTRIBUTION_PAGES: ReadonlyArray<readonly [kind: string, title: string]> =
  CONTRIBUTION_KINDS.map((kind) => [kind, kind[0]!.toUpperCase() + kind.slice(1)] as const);

/** Fields of a contribution entry that hold JSON Schemas, with their section titles. */
const SCHEMA_FIELDS: ReadonlyArray<readonly [field: string, title: string]> = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['payload', 'Payload'],
  ['config', 'Configuration'],
  ['schema', 'Schema'],
];

const isObject = (v: unknown): v is { readonly [k: string]: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function overviewPage(pkg: ManifestSummary): DocPage {
  const m = pkg.manifest;
  const limits = isObject(m.limits) ? m.limits : {};
  const rows: Array<[string, string]> = [
    ['Package', `\`${pkg.name}\``],
    ['Version', escapeText(pkg.version)],
    ['Category', escapeText(str(m.category) ?? 'not declared')],
    ['Host API', str(m.host) ? `\`${m.host}\`` : 'any'],
    ['Least isolation accepted', escapeText(str(m.isolation) ?? 'none')],
    [
      'Time limit per call',
      typeof limits.timeoutMs === 'number' ? `${limits.timeoutMs} ms` : 'host default',
    ],
    [
      'Memory limit',
      typeof limits.memoryMb === 'number' ? `${limits.memoryMb} MB` : 'host default',
    ],
    ['Permissions', String(Array.isArray(m.permissions) ? m.permissions.length : 0)],
  ];
  const contributes = isObject(m.contributes) ? m.contributes : {};
  for (const [kind, title] of CONTRIBUTION_PAGES) {
    const list = contributes[kind];
    if (Array.isArray(list) && list.length > 0) rows.push([title, String(list.length)]);
  }
  const requires = isObject(m.requires) ? Object.entries(m.requires) : [];
  const lines = [
    `# Overview`,
    '',
    escapeText(pkg.description ?? ''),
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
  ];
  if (requires.length > 0) {
    lines.push('## Required plugins', '', '| Plugin | Version range |', '| --- | --- |');
    for (const [name, range] of requires)
      lines.push(`| \`${name}\` | \`${cell(String(range))}\` |`);
    lines.push('');
  }
  return { title: 'Overview', group: 'Plugin', markdown: lines.join('\n') };
}

/** The permissions page: every requested permission with its risk and what it allows. */
export function permissionsPage(permissions: readonly string[]): DocPage {
  const lines = ['# Permissions', ''];
  if (permissions.length === 0) {
    lines.push(
      'This plugin asks for no permissions: it cannot touch files, network, environment, secrets, programs, events or state.',
    );
    return { title: 'Permissions', group: 'Plugin', markdown: lines.join('\n') };
  }
  const described = permissions
    .map((raw) => ({ raw, ...describePermission(raw) }))
    .sort((a, b) => riskRank(b.risk) - riskRank(a.risk) || a.raw.localeCompare(b.raw));
  lines.push(
    'Anything not listed here is denied by the host. Grant these only if you trust the plugin with what they allow.',
    '',
    '| Permission | Risk | What it lets the plugin do |',
    '| --- | --- | --- |',
  );
  for (const p of described) {
    lines.push(`| \`${cell(p.raw)}\` | **${p.risk}** | ${cell(escapeText(p.summary))} |`);
  }
  const warnings = described.filter((p) => 'warning' in p && typeof p.warning === 'string');
  if (warnings.length > 0) {
    lines.push('', '## Broad permissions', '');
    for (const p of warnings) {
      lines.push(`- \`${p.raw}\`: ${escapeText((p as { warning: string }).warning)}.`);
    }
  }
  lines.push('');
  return { title: 'Permissions', group: 'Plugin', markdown: lines.join('\n') };
}

function configurationPage(config: unknown): DocPage {
  const body = isObject(config)
    ? `Set these in \`stack.config.json\` under the plugin's \`config\` key.\n\n${schemaToMarkdown(config as JsonSchema)}`
    : 'This plugin takes no configuration.\n';
  return { title: 'Configuration', group: 'Plugin', markdown: `# Configuration\n\n${body}` };
}

function contributionPage(title: string, entries: readonly unknown[]): DocPage {
  const lines = [`# ${title}`, ''];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const id = str(entry.id) ?? '(no id)';
    lines.push(`## ${escapeText(id)}`, '');
    if (str(entry.title)) lines.push(`**${escapeText(str(entry.title) as string)}**`, '');
    if (str(entry.description)) lines.push(escapeText(str(entry.description) as string), '');
    if (title === 'Workflows') lines.push(...workflowMarkdown(entry));
    for (const [field, label] of SCHEMA_FIELDS) {
      if (isObject(entry[field])) {
        lines.push(
          `### ${label} of ${escapeText(id)}`,
          '',
          schemaToMarkdown(entry[field] as JsonSchema),
        );
      }
    }
  }
  return { title, group: 'Plugin', markdown: lines.join('\n') };
}

/**
 * The pages derived from a plugin's manifest: overview, permissions, configuration, and one
 * page per contribution kind the plugin uses. Pure: same manifest, same Markdown.
 */
export function manifestPages(pkg: ManifestSummary): DocPage[] {
  const m = pkg.manifest;
  const permissions = Array.isArray(m.permissions)
    ? m.permissions.filter((p): p is string => typeof p === 'string')
    : [];
  const pages = [overviewPage(pkg), permissionsPage(permissions), configurationPage(m.config)];
  const contributes = isObject(m.contributes) ? m.contributes : {};
  for (const [kind, title] of CONTRIBUTION_PAGES) {
    const list = contributes[kind];
    if (Array.isArray(list) && list.length > 0) pages.push(contributionPage(title, list));
  }
  return pages;
}
