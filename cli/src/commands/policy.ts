import { checkChoice } from '@stack-plugin/pdk/cli-kit';
import { LOAD_HOST_OPTIONS } from '../_load-host-options.js';
import { defineCommand } from '../command.js';

/** `stack-plugin policy check`: what the host policy would refuse or warn about. */
export default defineCommand({
  name: 'policy',
  summary: 'Check the plugins of stack.config.json against its governance policy',
  usage: 'stack-plugin policy check [--config FILE] [--json]',
  description: [
    'check: applies the governance rules of stack.config.json\'s "policy" (plugins and',
    'publishers allow/deny lists, maxRisk, isolationByRisk, mode) to every plugin of the config',
    'the way the host does at load: each package is read and its signatures verified, its',
    'isolation resolved and its permissions rated, and no plugin code runs. Each plugin is',
    'allowed, warned (mode "warn") or refused, with the rules it breaks, their codes and hints.',
    'A plugin the host could not read at all (not installed, invalid manifest, bad signature)',
    "is refused with that error. In a plugin's own folder without a stack.config.json, that",
    'plugin is checked against the default policy (its package verified, its risk rated).',
    '',
    'With --json: { "ok", "mode", "plugins": [{ "plugin", "outcome", "risk",',
    '"riskyPermissions", "isolation", "violations": [{ "code", "message", "hint", "plugin" }] }] }.',
    '',
    'Exit status: 0 when nothing would be refused, 1 when a plugin would be refused or the',
    'config is invalid, 2 on bad usage.',
  ].join('\n'),
  examples: ['stack-plugin policy check', 'stack-plugin policy check --config host.json --json'],
  options: { config: LOAD_HOST_OPTIONS.config },
  positionals: { min: 1, max: 1, names: ['check'] },
  async run({ values, positionals, io }) {
    checkChoice('subcommand', positionals[0] as string, ['check'], 'policy');
    const { formatPolicyReport, policyReport } = await import('./_policy-report.js');
    const report = await policyReport(io, { config: values.config });
    io.stdout(io.json ? `${JSON.stringify(report, null, 2)}\n` : formatPolicyReport(report));
    return report.ok ? 0 : 1;
  },
});
