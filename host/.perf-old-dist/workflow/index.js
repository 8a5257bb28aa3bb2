/**
 * Pure engines for micro-plugin chains and workflows. They perform no I/O: every contribution
 * runs through the `invoke` function the host passes, and time comes from an injected clock.
 */
export { assertChainDefinition, } from './chain-definition.js';
export { parseContributionRef, } from './contribution-ref.js';
export { listTemplateReferences, resolveTemplate, } from './resolve-template.js';
export { runChain } from './run-chain.js';
export { isRetryableError, runWorkflow, } from './run-workflow.js';
export { assertWorkflowDefinition, } from './workflow-definition.js';
//# sourceMappingURL=index.js.map