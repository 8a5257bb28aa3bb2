/**
 * Lifecycle scripts npm runs when it installs a package as a dependency, before any host check
 * could refuse it. A `binding.gyp` at the root makes npm run `node-gyp rebuild` even without
 * an `install` script.
 */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

/**
 * The install-time scripts `packageJson` declares (one rule for `stack-plugin validate`,
 * `pack` and `add`) (plus the implicit `node-gyp rebuild`),
 * as `name: command` lines; empty when installing runs nothing of the package.
 */
export function findInstallScripts(
  packageJson: Readonly<Record<string, unknown>>,
  hasFile: (path: string) => boolean = () => false,
): string[] {
  const scripts = (packageJson.scripts ?? {}) as Record<string, unknown>;
  const found = INSTALL_SCRIPTS.filter((name) => typeof scripts[name] === 'string').map(
    (name) => `${name}: ${String(scripts[name])}`,
  );
  if (found.length === 0 && hasFile('binding.gyp')) found.push('install: node-gyp rebuild');
  return found;
}
