// node-plop imports inquirer (about 70 ms of start-up) for prompts create-stack-plugin never
// uses: its questions go through @clack/prompts. This hook hands node-plop a stub instead,
// which throws if anything ever tries to prompt through it. Needs module.registerHooks
// (Node 22.15+ / 23.5+); on older Node nothing changes, only start-up is slower.
import * as nodeModule from 'node:module';

const STUB =
  'data:text/javascript,' +
  encodeURIComponent(`
const refuse = () => { throw new Error('create-stack-plugin does not prompt through inquirer'); };
export default { registerPrompt() {}, prompt: Object.assign(refuse, { prompts: {} }) };
`);

if (typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'inquirer' && context.parentURL?.includes('/node-plop/')) {
        return { url: STUB, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
