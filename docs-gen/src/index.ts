export { diffApiReports, reportCode } from './api-diff.js';
export {
  type ApiReport,
  type ApiReportMessage,
  apiReportFileName,
  type CreateApiReportOptions,
  createApiReport,
} from './api-report.js';
export { type ApiChange, type Bump, bumpCovers, maxBump } from './bump.js';
export { type DeclaredBump, parseChangeset, readDeclaredBump } from './changesets.js';
export {
  type ApiBaseline,
  type ApiCheckInput,
  type ApiCheckResult,
  checkPackageApi,
  evaluateApiCheck,
  loadBaseline,
} from './check-api.js';
export { docsGenErrors } from './docs-gen-errors.js';
export {
  checkExamples,
  type DocExample,
  type ExampleProblem,
  exampleBlocks,
} from './example-check.js';
export {
  type DocsFormat,
  type DocsResult,
  type GenerateDocsOptions,
  generateDocs,
} from './generate-docs.js';
export {
  generateWorkspaceDocs,
  type WorkspaceDocsOptions,
  type WorkspaceDocsResult,
} from './generate-workspace-docs.js';
export { type BrokenLink, findBrokenLinks } from './link-check.js';
export { diffManifests } from './manifest-diff.js';
export {
  CONTRIBUTION_PAGES,
  type DocPage,
  type ManifestSummary,
  manifestPages,
  permissionsPage,
} from './manifest-pages.js';
export { createPackageApiReport, type PackageApiReport } from './package-api-report.js';
export { type Guide, type PackageSource, readGuides, readPackageSource } from './plugin-source.js';
export { type CliCommandDoc, cliReferencePage, errorCodesPage } from './reference-pages.js';
export {
  type JsonSchema,
  type SchemaRow,
  schemaRows,
  schemaToMarkdown,
  schemaTypeName,
} from './schema-markdown.js';
export {
  buildSearchIndex,
  plainText,
  SEARCH_OPTIONS,
  type SearchEntry,
  sectionEntries,
} from './search-index.js';
export { type DiagramStep, workflowDiagramSvg } from './workflow-diagram.js';
export { workflowMarkdown } from './workflow-pages.js';
