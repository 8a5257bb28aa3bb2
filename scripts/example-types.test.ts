import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The examples commit their generated `stack-plugin-env.d.ts` (readers browse them on the
// repository): each must be exactly what `stack-plugin typegen` writes for its manifest today,
// so a manifest or typegen change that forgets to regenerate fails here, not in a reader's
// editor. Generated files are left out of the formatter (biome.json) for the same reason.
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'cli', 'bin', 'stack-plugin.js');
const examples = readdirSync(join(root, 'examples')).filter((name) =>
  existsSync(join(root, 'examples', name, 'stack-plugin.json')),
);

describe('examples', () => {
  it('exist', () => expect(examples.length).toBeGreaterThan(0));
  it.each(examples)('%s commits the types typegen writes for its manifest', (name) => {
    const run = () =>
      execFileSync(process.execPath, [bin, 'typegen', '--check', '--json'], {
        cwd: join(root, 'examples', name),
        encoding: 'utf8',
      });
    let report: string;
    try {
      report = run();
    } catch (error) {
      report = String((error as { stdout?: unknown }).stdout);
    }
    expect(
      JSON.parse(report),
      `run \`npx stack-plugin typegen\` in examples/${name}`,
    ).toMatchObject({
      stale: false,
    });
  });
});
