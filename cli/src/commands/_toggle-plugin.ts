import { dirname, relative } from 'node:path';
import { loadHostConfig } from '@stack-plugin/host';
import { DependencyGraph } from '@stack-plugin/host/internal';
import { createError, pdkErrors, readPluginPackage } from '@stack-plugin/pdk';
import { applyEdits, type FormattingOptions, modify } from 'jsonc-parser';
import { printable } from '../_printable.js';
import { writeAtomically } from '../_write-atomically.js';
import type { CommandIo } from '../command.js';
import {
  type ConfiguredPlugin,
  type ConfiguredPlugins,
  findConfiguredPlugin,
  readConfiguredPlugins,
} from './_configured-plugins.js';
import type { HostProject } from './_host-project.js';

/** What `enable`/`disable` did, as `--json` prints it. */
export interface ToggleOutcome {
  readonly name: string;
  readonly enabled: boolean;
  /** False when the plugin already was in that state (nothing was written). */
  readonly changed: boolean;
  readonly configFile: string;
  /** Enabled plugins that require this one (after `disable`: they will fail to start). */
  readonly requiredBy: readonly string[];
}

/**
 * Set `enabled` of one plugin in stack.config.json. The file is edited as text (jsonc-parser),
 * so its indentation, key order and everything else in it stay as written; the edited text is
 * checked by the host's config loader before it replaces the file in one rename. Enabling drops
 * `"enabled": false` (true is the default); disabling a plugin found by `discover` adds an
 * entry for its folder, since there is no entry to mark.
 */
export async function togglePlugin(
  project: HostProject,
  name: string,
  enabled: boolean,
): Promise<ToggleOutcome> {
  const configured = await readConfiguredPlugins(project);
  const plugin = findConfiguredPlugin(project, configured, name);
  const requiredBy = await enabledDependents(configured, plugin);
  const outcome = { name, enabled, configFile: project.configFile, requiredBy };
  if ((plugin.entry?.enabled !== false) === enabled) return { ...outcome, changed: false };
  const text = configured.text ?? '';
  const options = { formattingOptions: formattingOf(text) };
  const edits =
    plugin.entryIndex !== undefined
      ? modify(
          text,
          ['plugins', plugin.entryIndex, 'enabled'],
          enabled ? undefined : false,
          options,
        )
      : modify(
          text,
          ['plugins', -1],
          { path: relative(dirname(project.configFile), plugin.dir ?? '') || '.', enabled },
          { ...options, isArrayInsertion: true },
        );
  const edited = applyEdits(text, edits);
  let parsed: unknown;
  try {
    parsed = JSON.parse(edited);
  } catch (error) {
    throw createError(
      pdkErrors.INTERNAL,
      { detail: `editing ${project.configFile} produced invalid JSON` },
      { cause: error },
    );
  }
  // The host's own check: never write a config a host would refuse.
  await loadHostConfig(project.root, parsed as never);
  await writeAtomically(project.configFile, edited);
  return { ...outcome, changed: true };
}

/** The text lines `enable`/`disable` print for an outcome. */
export function formatToggle(outcome: ToggleOutcome): string {
  const name = printable(outcome.name);
  const lines = outcome.changed
    ? [
        outcome.enabled
          ? `Enabled ${name} in ${outcome.configFile}: a host activates it at start.`
          : `Disabled ${name} in ${outcome.configFile}: a host validates it but does not activate it.`,
      ]
    : [
        `${name} is already ${outcome.enabled ? 'enabled' : 'disabled'} in ${outcome.configFile}; nothing changed.`,
      ];
  if (!outcome.enabled && outcome.requiredBy.length > 0) {
    lines.push(
      `Note: ${outcome.requiredBy.map(printable).join(', ')} require${outcome.requiredBy.length === 1 ? 's' : ''} ${name} and will fail to start while it is disabled; disable ${outcome.requiredBy.length === 1 ? 'it' : 'them'} too, or enable ${name} again.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Run `enable`/`disable` for the command layer: print and return the exit code. */
export async function runToggle(
  io: CommandIo,
  project: HostProject,
  name: string,
  enabled: boolean,
): Promise<number> {
  const outcome = await togglePlugin(project, name, enabled);
  io.stdout(io.json ? `${JSON.stringify(outcome, null, 2)}\n` : formatToggle(outcome));
  return 0;
}

/**
 * Enabled plugins that require `plugin`, directly or not, from their manifests through the
 * host's `DependencyGraph` (the owner of `requires` resolution). Unreadable manifests are
 * left out: a host would refuse those plugins anyway.
 */
async function enabledDependents(
  configured: ConfiguredPlugins,
  plugin: ConfiguredPlugin,
): Promise<string[]> {
  const nodes = [];
  for (const p of configured.plugins) {
    if (p.dir === undefined) continue;
    const pkg = await readPluginPackage(p.dir).catch(() => undefined);
    if (pkg !== undefined)
      nodes.push({ name: p.name, version: pkg.version, requires: pkg.manifest.requires ?? {} });
  }
  const enabled = new Set(
    configured.plugins.filter((p) => p.entry?.enabled !== false).map((p) => p.name),
  );
  return DependencyGraph.from(nodes)
    .dependentsOf(plugin.name)
    .filter((name) => enabled.has(name));
}

/** The indentation and line ends the file already uses, for the text an edit inserts. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}
