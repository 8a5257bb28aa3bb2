import { printable } from '../_printable.js';
import { defineCommand } from '../command.js';

/** `stack-plugin search`: find plugins (packages with the `stack-plugin` keyword) on the registry. */
export default defineCommand({
  name: 'search',
  summary: 'Search the npm registry for Stack plugins',
  usage: 'stack-plugin search <query...> [--limit N] [--registry URL] [--json]',
  description: [
    'Asks the configured npm registry (npm config: .npmrc, npm_config_registry, or --registry)',
    'for packages matching the query and keeps those with the "stack-plugin" keyword. Registries',
    'that understand the "keywords:" qualifier (the public npm registry does) filter on the server; others',
    '(Verdaccio) are searched by text and filtered here.',
  ].join('\n'),
  examples: ['stack-plugin search github', 'stack-plugin search workflow --json'],
  options: {
    limit: { type: 'string', valueName: 'N', description: 'Most results to show (default 20)' },
    registry: { type: 'string', valueName: 'URL', description: 'Registry to search' },
    json: {
      type: 'boolean',
      description: 'Print [{ name, version, description, keywords }] as JSON',
    },
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY, names: ['query'] },
  async run({ values, positionals, io }) {
    const { createError, PLUGIN_KEYWORD } = await import('@stack-plugin/pdk');
    const { cliErrors } = await import('../cli-errors.js');
    const { runNpm } = await import('./_npm.js');
    const limit = Number(values.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1) {
      throw createError(cliErrors.BAD_USAGE, {
        command: 'search',
        detail: `--limit must be a positive integer (got "${values.limit}")`,
      });
    }
    const query = positionals.join(' ');
    const registry = values.registry === undefined ? [] : ['--registry', values.registry];
    interface Hit {
      name: string;
      /** npmjs sends the latest version; Verdaccio only its dist-tags. */
      version?: string;
      'dist-tags'?: { latest?: string };
      description?: string;
      keywords?: string[] | string;
    }
    const search = async (text: string, tolerant: boolean): Promise<Hit[]> => {
      const size = String(Math.max(limit * 5, 100));
      const result = await runNpm(['search', '--json', '--searchlimit', size, ...registry, text], {
        cwd: io.cwd,
        env: io.env,
        allowFailure: tolerant,
      });
      if (result.code !== 0 || result.stdout.trim() === '') return [];
      return JSON.parse(result.stdout) as Hit[];
    };
    const isPlugin = (hit: Hit) =>
      (Array.isArray(hit.keywords)
        ? hit.keywords
        : String(hit.keywords ?? '').split(/[\s,]+/)
      ).includes(PLUGIN_KEYWORD);
    // A registry that does not understand the qualifier may answer nothing or an error: then
    // search by text and filter here.
    let hits = (await search(`keywords:${PLUGIN_KEYWORD} ${query}`, true)).filter(isPlugin);
    if (hits.length === 0) hits = (await search(query, false)).filter(isPlugin);
    const results = hits
      .slice(0, limit)
      .map(({ name, version, description, keywords, ...rest }) => ({
        name,
        version: version ?? rest['dist-tags']?.latest ?? '',
        description: description ?? '',
        keywords: Array.isArray(keywords) ? keywords : [],
      }));
    if (io.json) {
      io.stdout(`${JSON.stringify(results, null, 2)}\n`);
    } else if (results.length === 0) {
      io.stdout(`No Stack plugins match "${printable(query)}".\n`);
    } else {
      // Registry text is written by package authors: escape it for the terminal.
      const label = (r: { name: string; version: string }) => printable(`${r.name}@${r.version}`);
      const width = Math.max(...results.map((r) => label(r).length));
      for (const r of results)
        io.stdout(`${label(r).padEnd(width)}  ${printable(r.description)}\n`);
      io.stdout(`\nInstall one with: stack-plugin add <name>\n`);
    }
    return 0;
  },
});
