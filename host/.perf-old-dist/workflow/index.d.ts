/**
 * Pure engines for micro-plugin chains and workflows. They perform no I/O: every contribution
 * runs through the `invoke` function the host passes, and time comes from an injected clock.
 */
export { assertChainDefinition, type ChainCondition, type ChainConditional, type ChainDefinition, type ChainParallel, type ChainSequence, type ChainUse, } from './chain-definition.js';
export { type ContributionRef, type EngineInvoke, type EngineInvokeOptions, parseContributionRef, } from './contribution-ref.js';
export { listTemplateReferences, type ResolveTemplateOptions, resolveTemplate, type TemplateResolver, type TemplateScope, } from './resolve-template.js';
export { type RunChainOptions, runChain } from './run-chain.js';
export { isRetryableError, type RunWorkflowOptions, runWorkflow, type WorkflowBackoff, } from './run-workflow.js';
export { assertWorkflowDefinition, type WorkflowDefinition, type WorkflowStepDefinition, } from './workflow-definition.js';
export type { WorkflowResult, WorkflowStatus, WorkflowStepResult, WorkflowStepStatus, } from './workflow-result.js';
//# sourceMappingURL=index.d.ts.map