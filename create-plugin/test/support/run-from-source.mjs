// Runs create-stack-plugin from its TypeScript sources in a real child process, for the tests
// that need one (no TTY, signals). Node strips the types; these hooks add what vitest would:
// the `source` export condition for workspace packages and `.js` -> `.ts` for relative imports.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const conditions = [...(context.conditions ?? []), 'source'];
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL) {
      const candidate = new URL(specifier, context.parentURL);
      if (!existsSync(fileURLToPath(candidate))) {
        return nextResolve(specifier.replace(/\.js$/, '.ts'), { ...context, conditions });
      }
    }
    return nextResolve(specifier, { ...context, conditions });
  },
});

const { run } = await import('../../src/main.ts');
process.exitCode = await run(process.argv.slice(2));
