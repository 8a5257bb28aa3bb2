import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));
const PART = /^[a-z0-9-~][a-z0-9-._~]*$/;
/** npm still serves old packages with these in their name but refuses them for new ones. */
const LEGACY_SPECIALS = /[~'!()*]/;

/**
 * Why `name` cannot be published as a new npm package, or undefined when it can. Used for
 * plugin names, `requires` keys and by the scaffolder. Follows the
 * registry's rules for new packages: at most 214 characters, lower case, URL-safe, no leading
 * `.` or `_`, none of `~'!()*` after the scope, optional `@scope/`, not a Node.js core module
 * name.
 */
export function checkPackageName(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'it is not a string';
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (name.trim() !== name) return 'it has leading or trailing spaces';
  if (name !== name.toLowerCase()) return 'it has upper-case letters';
  let scope: string | undefined;
  let bare = name;
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    if (slash < 0) return 'a scoped name needs "/" between the scope and the name ("@scope/name")';
    scope = name.slice(1, slash);
    bare = name.slice(slash + 1);
    if (scope === '' || !PART.test(scope) || scope.startsWith('.') || scope.startsWith('_')) {
      return `the scope "@${scope}" may only use a-z, 0-9, "-", ".", "_" and "~", not first "." or "_"`;
    }
  }
  if (bare === '') return 'the name after the scope is empty';
  if (bare.startsWith('.') || bare.startsWith('_')) return 'it starts with "." or "_"';
  const special = LEGACY_SPECIALS.exec(bare);
  if (special !== null) {
    return `it contains "${special[0]}": npm refuses ~'!()* in the names of new packages`;
  }
  if (!PART.test(bare)) return 'it may only use a-z, 0-9, "-", ".", "_" and "~" (and "@scope/")';
  if (
    scope === undefined &&
    (BUILTINS.has(bare) || bare === 'node_modules' || bare === 'favicon.ico')
  ) {
    return `"${bare}" is reserved (a Node.js core module or npm special name)`;
  }
  return undefined;
}
