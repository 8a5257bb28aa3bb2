import type { HostConfig, LoadedHostConfig } from '@stack-plugin/host';
import { createError } from '@stack-plugin/pdk';
import type { CommandIo } from '../command.js';
import { formatWorkflowPlan, type WorkflowPlanSource, workflowPlanJson } from './_workflow-plan.js';

/**
 * `run --workflow --dry-run`: loads the host config's plugins without activating any (no
 * plugin code runs), finds the workflow (host config first, then the plugins' manifests, as
 * the host looks it up) and prints its step graph.
 */
export async function planWorkflow(options: {
  id: string;
  root: string;
  configFile?: string;
  /** The one-plugin config of a plugin's own folder (see `ownPluginConfig`). */
  ownPlugin?: HostConfig | undefined;
  io: CommandIo;
}): Promise<number> {
  const [{ createHost, hostErrors, loadHostConfig }, { resolve }] = await Promise.all([
    import('@stack-plugin/host'),
    import('node:path'),
  ]);
  const loaded: LoadedHostConfig =
    options.ownPlugin === undefined
      ? await loadHostConfig(options.root, options.configFile)
      : { config: options.ownPlugin, baseDir: options.root };
  const host = createHost({
    root: options.root,
    // Every plugin validated and loaded, none activated.
    config: {
      ...loaded.config,
      plugins: loaded.config.plugins.map((entry) => ({
        ...entry,
        ...(entry.path === undefined ? {} : { path: resolve(loaded.baseDir, entry.path) }),
        enabled: false,
      })),
    },
    env: { ...options.io.env },
    services: { logger: { write() {} } },
  });
  try {
    await host.start();
    let found: { workflow: WorkflowPlanSource; from: string } | undefined;
    const configured = loaded.config.workflows?.find((w) => w.id === options.id);
    if (configured !== undefined) found = { workflow: configured, from: 'the host config' };
    for (const plugin of host.plugins()) {
      if (found !== undefined) break;
      const workflow = plugin.manifest.contributes?.workflows?.find((w) => w.id === options.id);
      if (workflow !== undefined) found = { workflow, from: `plugin ${plugin.name}` };
    }
    if (found === undefined) {
      throw createError(hostErrors.CONTRIBUTION_NOT_FOUND, { kind: 'workflows', id: options.id });
    }
    options.io.stdout(
      options.io.json
        ? `${JSON.stringify(workflowPlanJson(found.workflow, found.from), null, 2)}\n`
        : formatWorkflowPlan(found.workflow, found.from),
    );
    return 0;
  } finally {
    await host.stop();
  }
}
