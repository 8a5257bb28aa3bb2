/**
 * `npm run docs` at the repository root: the kit's own site. A landing page
 * (`site/index.md`), the guides in `docs/`, a CLI reference and an error-code
 * reference generated from the same definitions `stack-plugin --help` and the errors use, and
 * the API reference of every package, as a searchable site and Markdown under `dist/docs/`.
 * Runs under plain Node (type stripping) against the built packages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cliErrors, commands } from '@stack-plugin/cli';
import {
  cliReferencePage,
  docsGenErrors,
  errorCodesPage,
  generateWorkspaceDocs,
} from '@stack-plugin/docs-gen';
import { hostErrors } from '@stack-plugin/host';
import { MANIFEST_ISSUE_CODES, pdkErrors } from '@stack-plugin/pdk';
import { harnessErrors } from '@stack-plugin/test-harness';
import { scaffoldErrors } from 'create-stack-plugin';

const root = resolve(import.meta.dirname, '..');
const definitions = await Promise.all(
  Object.values(commands).map(async (load) => (await load()).default),
);
/**
 * One page per plugin under examples/: its README, then its guide, with links into the
 * example's folder turned into text (the site holds neither the folder nor the files).
 */
function examplePages() {
  const dir = resolve(root, 'examples');
  const unlink = (markdown: string) =>
    markdown.replace(/\[([^\]]+)\]\((?!https?:|#)[^)]*\)/g, '$1');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'stack-plugin.json')))
    .sort()
    .map((name) => {
      const readme = readFileSync(join(dir, name, 'README.md'), 'utf8');
      const guidePath = join(dir, name, 'docs', 'guide.md');
      const guide = existsSync(guidePath)
        ? `\n## Guide\n\n${readFileSync(guidePath, 'utf8')
            .replace(/^# .*\n+/, '')
            .replace(/^(#+) /gm, '#$1 ')}`
        : '';
      return {
        title: name,
        group: 'Examples',
        markdown: unlink(`${readme.trimEnd()}\n${guide}`),
      };
    });
}

/** host/README.md, the runtime's reference, as a page beside the guides. */
function hostRuntimePage() {
  const readme = readFileSync(resolve(root, 'host', 'README.md'), 'utf8');
  return {
    title: 'Host runtime',
    group: 'Guides',
    markdown: readme.replace(/^# .*\n/, '# Host runtime (`@stack-plugin/host`)\n'),
  };
}

const result = await generateWorkspaceDocs({
  name: 'Stack PDK',
  packages: ['pdk', 'host', 'test-harness', 'cli', 'create-plugin', 'docs-gen'].map((p) =>
    resolve(root, p),
  ),
  guides: resolve(root, 'docs'),
  readme: resolve(root, 'site', 'index.md'),
  pages: [
    hostRuntimePage(),
    ...examplePages(),
    cliReferencePage('stack-plugin', definitions),
    errorCodesPage(
      {
        '@stack-plugin/pdk': pdkErrors,
        '@stack-plugin/host': hostErrors,
        '@stack-plugin/test-harness': harnessErrors,
        '@stack-plugin/cli': cliErrors,
        '@stack-plugin/docs-gen': docsGenErrors,
        'create-stack-plugin': scaffoldErrors,
      },
      MANIFEST_ISSUE_CODES,
    ),
  ],
  out: resolve(root, 'dist', 'docs'),
});
for (const warning of result.warnings) console.warn(`warning: ${warning}`);
console.log(
  `Stack PDK docs: ${relative(process.cwd(), `${result.html}/index.html`)} and ${relative(process.cwd(), `${result.markdown}/README.md`)} (${result.searchEntries} search entries, ${result.examplesChecked} examples compiled)`,
);
