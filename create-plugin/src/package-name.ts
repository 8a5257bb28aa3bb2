import { builtinModules } from 'node:module';

/** Names npm refuses even though they are made of valid characters. */
const RESERVED_NAMES = new Set(['node_modules', 'favicon.ico']);

/** Longest package name the npm registry accepts. */
const MAX_NAME_LENGTH = 214;

/** Outcome of {@link validatePackageName}: every rule the name breaks, in plain words. */
export interface PackageNameCheck {
  readonly valid: boolean;
  readonly problems: readonly string[];
}

/**
 * Check a name against the rules npm applies to new packages: lowercase, URL-safe, at most
 * 214 characters, no leading dot or underscore, not a Node built-in, not reserved, and (when
 * scoped) exactly `@scope/name`. Path-like names (`../x`, `/abs`, `a/b`) fail here too, which is
 * what keeps a name from steering files outside the project.
 */
export function validatePackageName(name: string): PackageNameCheck {
  const problems: string[] = [];
  if (name.length === 0) return { valid: false, problems: ['the name is empty'] };
  if (name.trim() !== name) problems.push('it starts or ends with whitespace');
  if (name.length > MAX_NAME_LENGTH)
    problems.push(`it is longer than ${MAX_NAME_LENGTH} characters`);
  if (name !== name.toLowerCase()) problems.push('it contains capital letters');
  if (/[~'!()*]/.test(name)) problems.push("it contains one of the characters ~'!()*");

  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith('@') && !scoped) problems.push('a scoped name must look like @scope/name');
  const parts = scoped ? [scoped[1] ?? '', scoped[2] ?? ''] : [name];
  for (const part of parts) {
    if (part.startsWith('.')) problems.push('it starts with a dot');
    if (part.startsWith('_')) problems.push('it starts with an underscore');
    if (encodeURIComponent(part) !== part && !(scoped === null && name.startsWith('@'))) {
      problems.push('it contains characters that are not URL-safe (use a-z, 0-9, - . _)');
    }
  }
  const bare = scoped ? (scoped[2] ?? '') : name;
  if (RESERVED_NAMES.has(bare)) problems.push(`"${bare}" is a reserved name`);
  if (!scoped && builtinModules.includes(name)) {
    problems.push(`"${name}" is the name of a Node.js built-in module`);
  }
  const unique = [...new Set(problems)];
  return { valid: unique.length === 0, problems: unique };
}

/**
 * Turn a folder name into the closest valid package name (`My Plugin!` -> `my-plugin`), or
 * `undefined` when nothing usable is left. Used to suggest a default, never to silently rename.
 */
export function toValidPackageName(input: string): string | undefined {
  const candidate = input
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[._]+/, '')
    .replace(/[^a-z0-9\-._]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return candidate !== '' && validatePackageName(candidate).valid ? candidate : undefined;
}
