// node-plop writes the files, but its module graph carries start-up costs for features
// create-stack-plugin never uses. This hook trims them, for node-plop's own imports only:
// - `inquirer` (about 70 ms): questions go through @clack/prompts. A stub takes its place and
//   throws if anything ever tries to prompt through it.
// - `resolve` (17 files): node-plop needs it only to load plopfiles and their packages;
//   generators are set up in code here. A stub throws if it is ever called.
// - `tinyglobby` (8 files with its dependencies): only node-plop's `addMany` uses it, and
//   create-stack-plugin plans its files itself. A stub throws if it is ever called.
// - `handlebars`: its package entry pulls in the compiler as 33 modules plus source-map (11),
//   about a third of start-up. The package also ships the same library prebuilt as a single
//   file (`dist/handlebars.js`, no source-map support, which node-plop never asks for).
// Needs module.registerHooks (Node 22.15+ / 23.5+); on older Node nothing changes, only
// start-up is slower.
import * as nodeModule from 'node:module';

const stub = (source) => `data:text/javascript,${encodeURIComponent(source)}`;
const REFUSE =
  "const refuse = (what) => () => { throw new Error('create-stack-plugin does not ' + what); };";
const STUBS = {
  inquirer: stub(
    `${REFUSE}\nexport default { registerPrompt() {}, prompt: Object.assign(refuse('prompt through inquirer'), { prompts: {} }) };`,
  ),
  resolve: stub(`${REFUSE}\nexport default { sync: refuse('load plopfiles') };`),
  tinyglobby: stub(`${REFUSE}\nexport const globSync = refuse('glob through node-plop');`),
};

if (typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (context.parentURL?.includes('/node-plop/')) {
        const url = STUBS[specifier];
        if (url !== undefined) return { url, shortCircuit: true };
        if (specifier === 'handlebars') {
          return nextResolve('handlebars/dist/handlebars.js', context);
        }
      }
      return nextResolve(specifier, context);
    },
  });
}
