import type { FeatureSet, TemplateName } from './choices.js';
import type { PackageManager } from './package-manager.js';

export { sha256 } from './sha256.js';

/**
 * What `.stack-plugin/template.json` holds: enough to render the same files again from the same
 * template version (`stack-plugin upgrade` uses that render as the base of its merges), and the
 * hash of every file as written, to tell which files the author changed.
 */
export interface TemplateRecord {
  readonly template: TemplateName;
  /** Version of the `@stack-plugin/templates` package the files came from. */
  readonly templateVersion: string;
  /** The tool that wrote the record, e.g. `create-stack-plugin@0.1.0`. */
  readonly generator: string;
  readonly features: FeatureSet;
  /** The answers the render depended on; absent in records written before they were kept. */
  readonly answers?: TemplateAnswers;
  /** Project path -> `sha256-<hex>` of the bytes written. */
  readonly files: Readonly<Record<string, string>>;
}

/** The answers besides template and features that a render depends on. */
export interface TemplateAnswers {
  readonly name: string;
  readonly description: string;
  readonly pm: PackageManager;
  /** The year in LICENSE. */
  readonly year: number;
}
