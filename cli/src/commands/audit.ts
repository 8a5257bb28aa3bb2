import { defineCommand } from '../command.js';

/**
 * `stack-plugin audit`: the capability audit log the host writes to `audit.file`, every
 * rotated file in order, filtered by plugin, time and decision.
 */
export default defineCommand({
  name: 'audit',
  summary: 'Read the capability audit log (audit.file of stack.config.json)',
  usage:
    'stack-plugin audit [--plugin NAME] [--since TIME] [--denied] [--config FILE | --file FILE] [--json]',
  description: [
    'Reads the JSON Lines audit log a host writes when stack.config.json (or --config) has',
    '"audit": { "file", "maxBytes"?, "keep"? }: every rotated file from the oldest (<file>.N ...',
    '<file>.1), then the current one, so records come in the order the host made them. Each',
    'record is one capability use: time, plugin, capability and method, target (the path, URL,',
    'variable, command, topic or key), decision (allowed or denied) and the permission that',
    'allowed it or would have. --file reads a log without a config.',
    '',
    '--plugin keeps one plugin, --denied only refusals, --since only records at or after TIME:',
    'an ISO 8601 date or time (2026-12-07, 2026-12-07T10:00:00Z) or a duration back from now',
    '(30s, 15m, 2h, 7d). Lines that are not records (a line cut short by a crash or a full',
    'disk, or not of this schema) are skipped and reported on stderr (with --json, in',
    '"problems"). --json prints { files, records, problems }.',
    '',
    'Exit status: 0 when read (also when nothing matched), 1 when no audit file is configured',
    '(AUDIT_NOT_CONFIGURED) or the config is invalid, 2 on bad usage.',
  ].join('\n'),
  examples: [
    'stack-plugin audit --denied',
    'stack-plugin audit --plugin @acme/stack-plugin-notes --since 1h',
    'stack-plugin audit --since 2026-12-07 --json',
    'stack-plugin audit --file /var/log/stack/audit.jsonl',
  ],
  options: {
    plugin: { type: 'string', valueName: 'NAME', description: 'Only records of this plugin' },
    since: {
      type: 'string',
      valueName: 'TIME',
      description: 'Only records at or after TIME (ISO 8601, or 30s, 15m, 2h, 7d ago)',
    },
    denied: { type: 'boolean', description: 'Only denied calls' },
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Host config file (default ./stack.config.json)',
    },
    file: {
      type: 'string',
      valueName: 'FILE',
      description: 'Read this audit file (and its rotated ones) instead of the configured one',
    },
  },
  async run({ values, io }) {
    const { UsageError } = await import('@stack-plugin/pdk/cli-kit');
    if (values.file !== undefined && values.config !== undefined) {
      throw new UsageError('--file and --config cannot be combined', 'audit');
    }
    const { auditFile, formatAuditRecords, parseSince } = await import('./_audit-file.js');
    const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
    if (since === undefined && values.since !== undefined) {
      throw new UsageError(
        `--since takes an ISO 8601 time or a duration like 15m or 2h, not "${values.since}"`,
        'audit',
      );
    }
    const { readAuditFiles } = await import('@stack-plugin/host');
    const file = await auditFile(io.cwd, values);
    const read = await readAuditFiles(file);
    const records = read.records.filter(
      (r) =>
        (values.plugin === undefined || r.plugin === values.plugin) &&
        (values.denied !== true || r.decision === 'denied') &&
        (since === undefined || Date.parse(r.time) >= since),
    );
    if (io.json) {
      io.stdout(`${JSON.stringify({ ...read, records }, null, 2)}\n`);
      return 0;
    }
    for (const problem of read.problems) {
      io.stderr(`warning: ${problem.file}:${problem.line}: skipped a ${problem.kind} line\n`);
    }
    io.stdout(formatAuditRecords(records, io.color));
    return 0;
  },
});
