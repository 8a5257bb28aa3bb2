/** Package managers the scaffolder can install with. */
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;

/** One of {@link PACKAGE_MANAGERS}. */
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** Whether `value` names a supported package manager. */
export function isPackageManager(value: string): value is PackageManager {
  return (PACKAGE_MANAGERS as readonly string[]).includes(value);
}

/**
 * The package manager that launched us, read from `npm_config_user_agent`
 * (`pnpm/9.1.0 npm/? node/v22.12.0 linux x64`), which npm, pnpm, yarn and bun all set when they
 * run `create` packages. Falls back to npm.
 */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0] ?? '';
  return isPackageManager(name) ? name : 'npm';
}

/** The commands to show and run for a package manager. */
export interface PackageManagerCommands {
  readonly install: readonly [string, ...string[]];
  /** Prefix for running a package.json script (`npm run`, `pnpm`, ...). */
  readonly run: string;
}

/** Install and run commands of a package manager. */
export function packageManagerCommands(pm: PackageManager): PackageManagerCommands {
  switch (pm) {
    case 'npm':
      return { install: ['npm', 'install'], run: 'npm run' };
    case 'pnpm':
      return { install: ['pnpm', 'install'], run: 'pnpm' };
    case 'yarn':
      return { install: ['yarn'], run: 'yarn' };
    case 'bun':
      return { install: ['bun', 'install'], run: 'bun run' };
  }
}
