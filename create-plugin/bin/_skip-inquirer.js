// node-plop writes the files, but its module graph carries start-up costs for features
// create-stack-plugin never uses. This hook trims them, for node-plop's own imports only:
// - `inquirer` (about 70 ms): questions go through @clack/prompts. A stub takes its place and
//   throws if anything ever tries to prompt through it.
// - `resolve` (17 files): node-plop needs it only to load plopfiles and their packages;
//   generators are set up in code here. A stub throws if it is ever called.
// - its built-in action types (`./actions/index.js`: add, addMany, modify, append, with
//   tinyglobby and isbinaryfile, 12 files): create-stack-plugin writes through action types
//   of its own (`copy`, `render`, `record`). An empty module takes their place, so a built-in
//   type would fail as an unknown action.
// - `handlebars`: its package entry pulls in the compiler as 33 modules plus source-map (11),
//   about a third of start-up. create-stack-plugin never compiles a template at run time: they
//   are precompiled into precompiled/templates.js when the kit is built, and rendered through
//   Handlebars' single-file runtime build (`dist/handlebars.runtime.js`), which node-plop gets
//   too. node-plop's own `renderString` and `add` would then throw (no `compile`); neither is
//   used. `handlebars/runtime` (CommonJS, 10 modules) is pointed at the same single file.
// Needs module.registerHooks (Node 22.15+ / 23.5+); on older Node nothing changes, only
// start-up is slower.
import * as nodeModule from 'node:module';

// Base64 rather than percent-encoded: decoded natively instead of byte by byte in JS.
const stub = (source) =>
  `data:text/javascript;base64,${Buffer.from(source, 'utf8').toString('base64')}`;
const REFUSE =
  "const refuse = (what) => () => { throw new Error('create-stack-plugin does not ' + what); };";
const STUBS = {
  inquirer: stub(
    `${REFUSE}\nexport default { registerPrompt() {}, prompt: Object.assign(refuse('prompt through inquirer'), { prompts: {} }) };`,
  ),
  resolve: stub(`${REFUSE}\nexport default { sync: refuse('load plopfiles') };`),
  './actions/index.js': stub('export {};'),
};

if (typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'handlebars/runtime') {
        return nextResolve('handlebars/dist/handlebars.runtime.js', context);
      }
      if (context.parentURL?.includes('/node-plop/')) {
        const url = STUBS[specifier];
        if (url !== undefined) return { url, shortCircuit: true };
        if (specifier === 'handlebars') {
          return nextResolve('handlebars/dist/handlebars.runtime.js', context);
        }
      }
      return nextResolve(specifier, context);
    },
  });
}
