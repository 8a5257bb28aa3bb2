import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostPolicy } from '@stack-plugin/host/distribution';
import { createError, findInstallScripts, type PluginPackage, pdkErrors } from '@stack-plugin/pdk';
import { printable } from '../_printable.js';
import { undoOnFailureOrSignal } from '../_undo-on-signal.js';
import { cliErrors } from '../cli-errors.js';
import type { CommandIo } from '../command.js';
import { type AcquiredPackage, acquirePackage, sourceKind } from './_acquire-package.js';
import { askConsent } from './_consent.js';
import * as project from './_host-project.js';
import { runNpm } from './_npm.js';
import { tarballName } from './_pack-plugin.js';

/** The host policy as `add`/`update` read it: the host's, plus who may declare install scripts. */
export type InstallPolicy = HostPolicy & { allowInstallScripts?: string[] };

/** What to install and how (see {@link installVerified}). */
export interface InstallRequest {
  readonly host: project.HostProject;
  readonly spec: string;
  readonly io: CommandIo;
  /** `--registry URL` as npm arguments (empty for the user's npm config). */
  readonly registry: readonly string[];
  readonly policy: InstallPolicy | undefined;
  /** Consent given up front (`--yes` / `--accept-permissions`). */
  readonly accepted: boolean;
  /** The command, for usage errors. */
  readonly command: string;
  /** Permissions granted before (an update); `undefined` for a first install. */
  readonly granted?: readonly string[] | undefined;
  /** The range package.json keeps for a registry package (default `^<version>`). */
  readonly range?: string | undefined;
  /** Link the folder instead of installing a copy (`stack-plugin link`). */
  readonly link?: boolean;
  /** Runs after the install inside the rollback guard (update's activation check). */
  readonly afterInstall?: (pkg: PluginPackage) => Promise<void>;
}

/** What {@link installVerified} installed. */
export interface InstallOutcome {
  readonly name: string;
  readonly version: string;
  readonly hostRange: string;
  /** The permissions now granted (recorded in stack.config.json). */
  readonly permissions: readonly string[];
  readonly recorded: boolean;
}

/**
 * What `add` and `link` print once a plugin is in: `headline` (what came in), where the grant
 * is recorded, and the command to try next.
 */
export function installedText(
  outcome: InstallOutcome,
  headline: string,
  configFile: string,
): string {
  const where = outcome.recorded ? 'recorded in' : 'already listed in';
  return (
    `${headline}\n  ${where} ${configFile}\n` +
    `Next: stack-plugin info ${printable(outcome.name)} lists what it contributes; stack-plugin run <id> runs one\n`
  );
}

/**
 * The one install path of `add`, `update` and `link`. Nothing of the package runs before it
 * passes the checks a host would run (manifest, host range, integrity and signature policy,
 * governance), install scripts are refused unless the policy allows them by name, and consent
 * is asked for permissions not granted before. Allowing a package's install scripts by name
 * only lets it be installed: its scripts still never run (a plugin that needs them to work
 * should build before publishing). The grant is recorded in stack.config.json. Any failure
 * restores package.json, the lockfile, node_modules and the config exactly.
 *
 * A registry package is installed by one `npm install --ignore-scripts` and checked where npm
 * put it, which is what a host loads (one npm run instead of a `npm pack` and an install: the
 * tarball is downloaded once). Folders, tarballs and git are fetched as one tarball first,
 * checked, and installed from a verified copy (see {@link installLocal}).
 *
 * @throws {@link StackPluginError} from every check, with the project unchanged.
 */
export async function installVerified(request: InstallRequest): Promise<InstallOutcome> {
  if (request.link !== true && sourceKind(request.spec, request.io.cwd) === 'registry') {
    return installFromRegistry(request);
  }
  return installLocal(request);
}

/** npm with the request's `--registry`, in the host project. */
function npmIn(request: InstallRequest): (args: readonly string[]) => Promise<unknown> {
  return (args) =>
    runNpm([...args, ...request.registry], { cwd: request.host.root, env: request.io.env });
}

type Checks = typeof import('./_check-installed-plugin.js');
const loadChecks = (): Promise<Checks> => import('./_check-installed-plugin.js');

const INSTALL_ARGS = ['install', '--ignore-scripts', '--save', '--no-audit', '--no-fund'];

/**
 * Install `name[@range]` from the registry with `--ignore-scripts` (npm runs nothing of it or
 * its dependencies), then check the installed folder before anything loads it; a refusal
 * puts the project back as it was.
 */
async function installFromRegistry(request: InstallRequest): Promise<InstallOutcome> {
  const { host } = request;
  const { name } = project.parsePackageSpec(request.spec);
  const npm = npmIn(request);
  await project.ensurePackageJson(host);
  const before = await project.snapshotProject(host);
  return undoOnFailureOrSignal(
    async () => {
      // The checks' modules (manifest validation, the host's policy review) load while npm runs.
      const [, checks] = await Promise.all([npm([...INSTALL_ARGS, request.spec]), loadChecks()]);
      const dir = join(host.root, 'node_modules', name);
      const { pkg, permissions } = await reviewPackage(request, checks, dir, name, (path) =>
        existsSync(join(dir, path)),
      );
      await keepRange(request, name, pkg.version, npm);
      // Recorded under the name asked for: the folder npm installed, which the host loads.
      return await finish(request, before, { ...pkg, name }, permissions);
    },
    () => project.restoreProject(before),
    request.io.stderr,
  );
}

/**
 * Folders, tarballs and git (and `link`, a folder): fetch the package as one tarball without
 * running anything of it, check that tarball as a host would, then install exactly those bytes
 * and check that what npm put on disk is them.
 */
async function installLocal(request: InstallRequest): Promise<InstallOutcome> {
  const { host, io } = request;
  const npm = npmIn(request);
  const checks = await loadChecks();
  const acquired = await acquirePackage(request.spec, {
    cwd: io.cwd,
    env: io.env,
    registry: request.registry,
  });
  let before: project.ProjectSnapshot | undefined;
  const stored: string[] = [];
  // The fetched copy goes on every way out, a signal included; the project is put back once
  // it was changed.
  const undo = async () => {
    await acquired.dispose();
    if (before === undefined) return;
    await project.restoreProject(before);
    await Promise.all(stored.map((file) => rm(file, { force: true })));
    await rmdir(join(host.root, project.STATE_DIR, 'packages')).catch(() => {});
    await rmdir(join(host.root, project.STATE_DIR)).catch(() => {});
  };
  const outcome = await undoOnFailureOrSignal(
    async () => {
      const { pkg, permissions } = await reviewPackage(
        request,
        checks,
        acquired.dir,
        acquired.name,
        (path) => acquired.entries.some((e) => e.path === path),
      );
      await project.ensurePackageJson(host);
      const snapshot = await project.snapshotProject(host);
      before = snapshot;
      await npmInstall(request, acquired, npm, stored);
      if (request.link !== true) await checkInstalledBytes(host, acquired);
      const installed = await checks.checkInstalledPlugin(host, acquired.name, request.policy);
      return await finish(request, snapshot, installed, permissions, pkg.manifest.host);
    },
    undo,
    io.stderr,
  );
  await acquired.dispose();
  return outcome;
}

/**
 * The checks before consent, on the package's files in `dir`: manifest, host range, policy
 * (violations printed as warnings in `mode: "warn"`), install scripts; then consent to the
 * permissions not granted before.
 */
async function reviewPackage(
  request: InstallRequest,
  checks: Checks,
  dir: string,
  name: string,
  hasFile: (path: string) => boolean,
): Promise<{ pkg: PluginPackage; permissions: readonly string[] }> {
  const { io } = request;
  const pkg = await checks.checkPluginFolder(dir, name, request.policy, (violation) =>
    io.stderr(`warning (policy mode "warn"): ${violation.code}: ${violation.message}\n`),
  );
  const scripts = findInstallScripts(pkg.packageJson, hasFile);
  const scriptsAllowed = request.policy?.allowInstallScripts?.includes(name) === true;
  if (scripts.length > 0 && !scriptsAllowed) {
    throw createError(cliErrors.INSTALL_SCRIPTS_REFUSED, { plugin: name, scripts });
  }
  const permissions = pkg.manifest.permissions ?? [];
  await askConsent({
    io,
    name,
    version: pkg.version,
    permissions,
    granted: request.granted,
    accepted: request.accepted,
    command: request.command,
  });
  return { pkg, permissions };
}

/** Record the grant, run the caller's check, drop the snapshot. */
async function finish(
  request: InstallRequest,
  before: project.ProjectSnapshot,
  installed: PluginPackage,
  permissions: readonly string[],
  hostRange = installed.manifest.host,
): Promise<InstallOutcome> {
  const { name, version } = installed;
  const recorded = await recordGrant(request.host, name, permissions);
  await request.afterInstall?.(installed);
  await project.discardSnapshot(before);
  return { name, version, hostRange, permissions, recorded };
}

/** `npm install name@x` records ^x; keep the user's range (x satisfies it). */
async function keepRange(
  request: InstallRequest,
  name: string,
  version: string,
  npm: (args: readonly string[]) => Promise<unknown>,
): Promise<void> {
  const range = request.range ?? `^${version}`;
  if ((await project.declaredRange(request.host, name)) !== range) {
    await npm(['pkg', 'set', `dependencies.${name}=${range}`]);
    await npm(['install', '--ignore-scripts', '--no-audit', '--no-fund']);
  }
}

async function npmInstall(
  request: InstallRequest,
  acquired: AcquiredPackage,
  npm: (args: readonly string[]) => Promise<unknown>,
  stored: string[],
): Promise<void> {
  if (request.link === true) {
    await npm([...INSTALL_ARGS, acquired.spec]);
    return;
  }
  // Folders, tarballs and git: install the verified bytes from the project, not the source,
  // which could change between the check and npm reading it.
  const store = join(request.host.root, project.STATE_DIR, 'packages');
  await mkdir(store, { recursive: true });
  const file = tarballName(acquired.name, acquired.version);
  if (!existsSync(join(store, file))) stored.push(join(store, file));
  await writeFile(join(store, file), acquired.bytes);
  await npm([...INSTALL_ARGS, `file:${project.STATE_DIR}/packages/${file}`]);
}

/**
 * npm verified what it downloaded against the lockfile's integrity; this checks that value is
 * the hash of the tarball we verified, and that each of its files is on disk unchanged.
 */
async function checkInstalledBytes(
  host: project.HostProject,
  acquired: AcquiredPackage,
): Promise<void> {
  const lockFile = join(host.root, 'package-lock.json');
  const lock = existsSync(lockFile)
    ? (JSON.parse(await readFile(lockFile, 'utf8')) as {
        packages?: Record<string, { integrity?: string }>;
      })
    : {};
  const recorded = lock.packages?.[`node_modules/${acquired.name}`]?.integrity;
  if (recorded !== undefined && recorded !== acquired.integrity) {
    throw createError(pdkErrors.INTEGRITY_MISMATCH, {
      plugin: acquired.name,
      file: `${acquired.name}@${acquired.version} tarball`,
      more: ` (npm installed ${recorded})`,
    });
  }
  const dir = join(host.root, 'node_modules', acquired.name);
  for (const entry of acquired.entries) {
    const onDisk = await readFile(join(dir, entry.path)).catch(() => undefined);
    if (onDisk === undefined || !onDisk.equals(entry.content)) {
      throw createError(pdkErrors.INTEGRITY_MISMATCH, { plugin: acquired.name, file: entry.path });
    }
  }
}

/** Record the plugin and the permissions granted to it; returns whether the entry is new. */
async function recordGrant(
  host: project.HostProject,
  name: string,
  permissions: readonly string[],
): Promise<boolean> {
  const config = await project.readHostConfig(host);
  const existing = config.plugins.find((entry) => entry.package === name);
  if (existing !== undefined) existing.permissions = [...permissions];
  else config.plugins.push({ package: name, permissions: [...permissions] });
  await project.writeHostConfig(host, config);
  return existing === undefined;
}
