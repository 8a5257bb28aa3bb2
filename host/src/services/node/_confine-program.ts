import { access, constants, mkdir, realpath, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, relative, sep } from 'node:path';
import { createError, pdkErrors } from '@stack-plugin/pdk';

/** How one program is started: the file to spawn and its arguments. */
export interface ProgramSpawn {
  readonly file: string;
  readonly args: readonly string[];
}

/** What to keep out of a confined program's reach. */
export interface HiddenPaths {
  /** Folders (the state folder): their top entry in the workspace is covered, so it cannot be renamed or removed either. */
  readonly folders: readonly string[];
  /** Single files (a secrets file): covered by an empty read-only file. */
  readonly files: readonly string[];
}

/** The executable `name` on `path` (a PATH value), or `name` itself when it is absolute; undefined when there is none. */
export async function findOnPath(name: string, path: string): Promise<string | undefined> {
  // A path (which only a host, never a plugin, can name) is taken as it is.
  const dirs = name.includes('/') || name.includes(sep) ? [''] : path.split(delimiter);
  for (const dir of dirs) {
    if (dir !== '' && !isAbsolute(dir)) continue;
    if (dir === '' && !isAbsolute(name)) continue;
    const file = dir === '' ? name : join(dir, name);
    try {
      await access(file, constants.X_OK);
      if ((await stat(file)).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Wraps a program in bubblewrap so that it is held as a `strict` sandbox is: the file system
 * read-only except the workspace, a private /tmp, its own PID, IPC and UTS namespaces, no
 * capabilities (so it cannot unmount what covers the hidden paths), killed with the host.
 * Hidden folders and files are covered by an empty tmpfs or /dev/null: the program can
 * neither read, change, rename nor delete them. The network stays: a program is granted with
 * its network use (git push), and the plugin's own network goes through the broker anyway.
 *
 * Written on bubblewrap, the tool Flatpak confines applications with, because no npm package
 * confines a program that is not Node.
 *
 * @throws `EXEC_UNCONFINED` when bubblewrap is not installed.
 */
export async function confineProgram(options: {
  readonly command: string;
  readonly program: string;
  readonly args: readonly string[];
  /** The workspace root as configured, which hidden paths are written against. */
  readonly root: string;
  /** Its real path (what is bound). */
  readonly realRoot: string;
  readonly cwd: string;
  readonly hidden: HiddenPaths;
  readonly path: string;
}): Promise<ProgramSpawn> {
  const bwrap = await findOnPath('bwrap', options.path);
  if (bwrap === undefined)
    throw createError(pdkErrors.EXEC_UNCONFINED, { command: options.command });
  const cover: string[] = [];
  for (const folder of await coveredFolders(
    options.root,
    options.realRoot,
    options.hidden.folders,
  )) {
    cover.push('--tmpfs', folder);
  }
  for (const given of options.hidden.files) {
    const file = inWorkspace(options.root, options.realRoot, given) ?? given;
    if (
      await stat(file).then(
        (s) => s.isFile(),
        () => false,
      )
    ) {
      cover.push('--ro-bind', '/dev/null', file);
    }
  }
  const reexposed = (await underTmp([options.program, ...options.path.split(delimiter)])).flatMap(
    (dir) => ['--ro-bind', dir, dir],
  );
  return {
    file: bwrap,
    args: [
      ...['--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts'],
      ...['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'],
      ...reexposed,
      ...['--bind', options.realRoot, options.realRoot],
      ...cover,
      ...['--chdir', options.cwd, '--cap-drop', 'ALL', '--', options.program],
      ...options.args,
    ],
  };
}

/**
 * The top folders below /tmp that hold the program or a folder of its PATH (after symbolic
 * links), to show again read-only over the private /tmp: a tool installed there (a Node
 * unpacked into a checkout under /tmp, as CI does) would otherwise vanish inside the sandbox
 * along with its libraries. Like the rest of the disk they stay read-only.
 */
async function underTmp(paths: readonly string[]): Promise<string[]> {
  const tops = new Set<string>();
  for (const path of paths) {
    if (!isAbsolute(path)) continue;
    const real = await realpath(path).catch(() => undefined);
    const first = real?.startsWith('/tmp/') ? real.split('/')[2] : undefined;
    if (first) tops.add(`/tmp/${first}`);
  }
  return [...tops];
}

/**
 * For each hidden folder inside the workspace, its top entry there (`<root>/.stack` for
 * `<root>/.stack/state`), created when missing so the cover has a mount point; a folder
 * outside the workspace is covered itself when it exists (the rest of the disk is read-only).
 */
async function coveredFolders(
  root: string,
  realRoot: string,
  folders: readonly string[],
): Promise<string[]> {
  const out = new Set<string>();
  for (const folder of folders) {
    const rel = relative(root, folder);
    if (inWorkspace(root, realRoot, folder) !== undefined) {
      const top = join(realRoot, rel.split(sep)[0] ?? '');
      await mkdir(top, { recursive: true });
      out.add(top);
    } else if (
      await stat(folder).then(
        (s) => s.isDirectory(),
        () => false,
      )
    ) {
      out.add(folder);
    }
  }
  return [...out];
}

/** `path` under the real root when it is inside the workspace, else undefined. */
function inWorkspace(root: string, realRoot: string, path: string): string | undefined {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? join(realRoot, rel) : undefined;
}
