import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository's node_modules, so copied fixtures resolve `@stack-plugin/pdk`. */
const NODE_MODULES = resolve(import.meta.dirname, '..', '..', 'node_modules');

/** A scratch folder under the OS temp dir, removed by `cleanup`. */
export async function scratch(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'docs-gen-test-'));
  await symlink(NODE_MODULES, join(root, 'node_modules'), 'dir');
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Copies `test/fixtures/<name>` to `<root>/<as>`, applying text edits to its files. */
export async function copyFixture(
  root: string,
  name: string,
  as: string = name,
  edits: Record<string, (text: string) => string> = {},
): Promise<string> {
  const dir = join(root, as);
  await cp(resolve(import.meta.dirname, 'fixtures', name), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = await readFile(path, 'utf8');
    const after = edit(before);
    // An edit that changes nothing would make its test pass for the wrong reason.
    if (after === before) throw new Error(`edit of ${file} changed nothing`);
    await writeFile(path, after);
  }
  return dir;
}
