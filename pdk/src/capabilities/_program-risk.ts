/**
 * Programs that run arbitrary code whatever their first argument: shells, interpreters,
 * launchers (`env`, `xargs`, `nice`, ...), and tools whose options or scripts execute
 * commands (`find -exec`, awk's `system()`, sed's `e`, tar's `--to-command`, a Makefile's
 * recipes, an editor's `:!`). A first-argument allow-list does not bound them.
 */
const RUNS_ANY_CODE: ReadonlySet<string> = new Set([
  ...['sh', 'bash', 'zsh', 'dash', 'fish', 'ksh', 'csh', 'tcsh', 'busybox', 'cmd', 'powershell'],
  ...['pwsh', 'node', 'deno', 'bun', 'python', 'python3', 'ruby', 'perl', 'php', 'lua', 'tclsh'],
  ...['osascript', 'env', 'xargs', 'nice', 'nohup', 'timeout', 'time', 'watch', 'parallel'],
  ...['strace', 'ltrace', 'gdb', 'sudo', 'su', 'doas', 'ssh', 'eval', 'exec', 'script', 'expect'],
  ...['find', 'awk', 'gawk', 'mawk', 'nawk', 'sed', 'gsed', 'tar', 'zip', 'rsync', 'make'],
  ...['vi', 'vim', 'nvim', 'emacs', 'less', 'more', 'man', 'npx', 'pnpx', 'bunx'],
]);

const PACKAGE_MANAGER_CODE = [
  ...['run', 'run-script', 'exec', 'x', 'dlx', 'install', 'i', 'ci', 'add', 'test', 't'],
  ...['start', 'stop', 'restart', 'explore', 'rebuild', 'publish', 'pack', 'create', 'init'],
  ...['link', 'update', 'up', 'upgrade', 'config', 'set', 'edit'],
];

/**
 * Programs whose first argument is a subcommand, with the subcommands that run arbitrary
 * code (git's `config` sets hooks, pagers and `core.fsmonitor`; `rebase --exec`; package
 * managers run lifecycle scripts). Options are never safe first arguments (`git -c`,
 * `--exec-path`).
 */
const SUBCOMMAND_PROGRAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    'git',
    new Set([
      ...['config', 'rebase', 'bisect', 'submodule', 'filter-branch', 'difftool', 'mergetool'],
      ...['daemon', 'instaweb', 'upload-pack', 'receive-pack', 'send-email', 'worktree'],
      ...['clone', 'help', 'web--browse', 'p4', 'svn', 'cvsimport', 'archimport', 'remote-ext'],
    ]),
  ],
  ...['npm', 'pnpm', 'yarn'].map((pm) => [pm, new Set(PACKAGE_MANAGER_CODE)] as const),
]);

/**
 * What `exec:<command>[:<args>]` lets a plugin do: `any-code` when the program can run
 * arbitrary code with the allowed first arguments (`args` undefined: any), `listed` when a
 * subcommand program is limited to subcommands that cannot, `program` otherwise.
 */
export function programReach(
  command: string,
  args: readonly string[] | undefined,
): 'any-code' | 'listed' | 'program' {
  const base = command.toLowerCase().replace(/\.(?:exe|cmd|bat)$/, '');
  if (RUNS_ANY_CODE.has(base)) return 'any-code';
  const risky = SUBCOMMAND_PROGRAMS.get(base);
  if (risky === undefined) return 'program';
  if (args === undefined) return 'any-code';
  return args.some((a) => a.startsWith('-') || risky.has(a.toLowerCase())) ? 'any-code' : 'listed';
}

/** Whether `command` takes subcommands an `exec:` grant should list. */
export function takesSubcommands(command: string): boolean {
  return SUBCOMMAND_PROGRAMS.has(command.toLowerCase().replace(/\.(?:exe|cmd|bat)$/, ''));
}
