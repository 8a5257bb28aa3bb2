import { TEMPLATE_RECORD_PATH } from '../file-plan.js';
import type { StepContext } from '../step-runner.js';
import type { AddFlags } from './add-flags.js';
import type { GeneratorName } from './generators.js';

/** Every answer `add` needs before it changes anything. */
export interface AddAnswers {
  /** Absolute path of the plugin project. */
  readonly projectDir: string;
  readonly generator: GeneratorName;
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

/** One new file, rendered from a partial in `templates/_generators`. */
export interface AddedFile {
  /** Path inside the project, `/`-separated. */
  readonly path: string;
  /** The Handlebars partial, as its path inside @stack-plugin/templates. */
  readonly template: string;
}

/** Everything `add` will do, decided before anything is written. */
export interface AddPlan {
  readonly files: readonly AddedFile[];
  /** Render data of the partials. */
  readonly data: Readonly<Record<string, string>>;
  /** The new stack-plugin.json text, unless the generator adds no contribution. */
  readonly manifest?: string;
  /** The new src/index.ts text, when the registration could be added there. */
  readonly entry?: string;
  /** The line to add by hand when src/index.ts had no `activate(ctx) {` to add it to. */
  readonly manualRegistration?: string;
}

/** State shared by the steps of `add`. */
export type AddContext = StepContext<AddFlags, AddAnswers, AddPlan>;

/** Files `add` may change besides the new ones; each is saved first and restored on rollback. */
export const TOUCHED: readonly string[] = [
  'stack-plugin.json',
  'src/index.ts',
  'stack-plugin-env.d.ts',
  TEMPLATE_RECORD_PATH,
];
