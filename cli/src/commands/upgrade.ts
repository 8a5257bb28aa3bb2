import { defineCommand } from '../command.js';

/** `stack-plugin upgrade`: bring a generated project to a newer template and kit version. */
export default defineCommand({
  name: 'upgrade',
  summary: 'Upgrade a generated plugin project to a newer template and kit version',
  usage:
    'stack-plugin upgrade [--to VERSION] [--dry-run] [--yes] [--force] [--no-install] [--registry URL] [--json]',
  description: [
    'Run in a project made by `npm create stack-plugin`. Reads .stack-plugin/template.json (the',
    'template version, the answers and the hash of every generated file), renders that version',
    'and the target (--to, default the kit version of this CLI) with the same answers, and for',
    'each template file: untouched since generation -> the new render; changed by you -> a',
    'three-way merge (git merge-file) with the old render as base, conflicts left as standard',
    'markers and listed; deleted by you -> stays deleted; new in the template -> added unless a',
    'file of that name exists. Then every @stack-plugin/* dependency moves to ^VERSION (one',
    'group) and each tool the template pins (vitest, typescript, ...) to the new pin where the',
    'project still has the old one; the migrations of each kit version crossed run (manifest',
    'repairs of validate --fix, import renames in your TypeScript sources); the record is',
    'rewritten. Old template versions are the published @stack-plugin/templates of that version,',
    'fetched with npm (--registry to choose the registry).',
    '',
    'Nothing is written until everything is staged; files are then written one rename each, and',
    'an interruption puts back every file already written. Refuses a project with uncommitted',
    'changes (so `git diff` shows exactly the upgrade) unless --force. Without a terminal it',
    'needs --yes. Afterwards it installs (when dependencies moved, unless --no-install), runs',
    'typegen, validate and the `test` script, and prints a table: replaced, merged, conflicted,',
    'added, migrated, skipped. A second run changes nothing. --dry-run prints the plan only.',
    '',
    'Exit status: 0 when upgraded (or already current) and every check passed, 1 when a',
    'conflict is left, a check failed or the upgrade was refused, 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin upgrade --dry-run',
    'stack-plugin upgrade --yes',
    'stack-plugin upgrade --to 0.2.0 --yes --json',
  ],
  options: {
    to: { type: 'string', valueName: 'VERSION', description: 'Kit version to upgrade to' },
    'dry-run': { type: 'boolean', description: 'Print the plan; write nothing' },
    yes: { type: 'boolean', short: 'y', description: 'Apply without asking' },
    force: { type: 'boolean', description: 'Upgrade although the project has uncommitted changes' },
    install: {
      type: 'boolean',
      negatable: true,
      description:
        'Install after dependencies moved (default; typegen, validate, tests run anyway)',
    },
    registry: {
      type: 'string',
      valueName: 'URL',
      description: 'Registry to fetch older template versions from',
    },
    json: {
      type: 'boolean',
      description: 'Print { from, to, state, summary, files, bumps, migrated, written, checks }',
    },
  },
  positionals: { min: 0, max: 0 },
  async run({ values, io }) {
    const { createError } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const { loadTool } = await import('../_load-tool.js');
    const { stageUpgrade } = await loadTool(
      'create-stack-plugin',
      'upgrade',
      () => import('../upgrade/upgrade-project.js'),
    );
    const { formatUpgrade, summarize } = await import('../upgrade/_format-upgrade.js');
    const dryRun = values['dry-run'] === true;
    const upgrade = await stageUpgrade(io.cwd, {
      to: values.to,
      force: values.force === true || dryRun,
      cwd: io.cwd,
      env: io.env,
      registry: values.registry === undefined ? [] : ['--registry', values.registry],
    });
    const state = upgrade.from === upgrade.to ? 'up-to-date' : dryRun ? 'dry-run' : 'written';
    let checks: Awaited<ReturnType<typeof import('../upgrade/_upgrade-checks.js').runChecks>> = [];
    if (state === 'written') {
      if (values.yes !== true) {
        if (io.confirm === undefined) {
          throw createError(cliErrors.UPGRADE_CONFIRMATION_REQUIRED, {
            changes: upgrade.changes.size,
          });
        }
        io.stderr(formatUpgrade(upgrade, 'dry-run'));
        if (!(await io.confirm('Apply this upgrade?'))) {
          io.stderr('Nothing was written.\n');
          return 1;
        }
      }
      const { applyUpgrade } = await import('../upgrade/_apply-upgrade.js');
      await applyUpgrade(upgrade, {
        pauseMidWrite: io.env.STACK_PLUGIN_TEST_HOOK === 'pause-mid-write',
      });
      const { runChecks } = await import('../upgrade/_upgrade-checks.js');
      checks = await runChecks(upgrade, { install: values.install !== false, io });
    }
    if (io.json) {
      const body = {
        from: upgrade.from,
        to: upgrade.to,
        state,
        summary: summarize(upgrade),
        files: upgrade.files,
        bumps: upgrade.bumps,
        migrated: upgrade.migrated,
        written: state === 'written' ? [...upgrade.changes.keys()] : [],
        checks,
      };
      io.stdout(`${JSON.stringify(body, null, 2)}\n`);
    } else {
      io.stdout(formatUpgrade(upgrade, state, checks));
    }
    const conflicted = upgrade.files.some((f) => f.outcome === 'conflicted');
    return conflicted || checks.some((c) => !c.ok) ? 1 : 0;
  },
});
