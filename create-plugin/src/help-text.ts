import { FEATURES, TEMPLATES } from './choices.js';
import { PACKAGE_MANAGERS } from './package-manager.js';

/** The `--help` text. Every question the scaffolder asks is listed with its flag. */
export function helpText(version: string): string {
  const templates = TEMPLATES.map((t) => `    ${t.value.padEnd(12)}${t.hint}`).join('\n');
  const features = FEATURES.map((f) => `    --[no-]${f.value.padEnd(12)}${f.hint}`).join('\n');
  return `create-stack-plugin ${version}: create a Stack plugin project

Usage:
  npm create stack-plugin [dir] -- [flags]
  create-stack-plugin [dir] [flags]
  create-stack-plugin add <command|step|transformer|skill|test> [flags]   (see add --help)

Every question is also a flag. Without a terminal (pipes, CI) nothing is asked: pass the
answers as flags, or --yes to take the defaults for the rest.

Answers:
  [dir]                   Folder to create, relative to here (default: stack-plugin)
  --name <name>           Package name (default: the folder name)
  --description <text>    One-line description (default: "A Stack plugin")
  -t, --template <name>   Plugin category (default: integration):
${templates}
  --features <list>       Comma-separated features to include, or "none" (default: all):
${features}
  --pm <name>             Package manager: ${PACKAGE_MANAGERS.join(', ')} (default: the one running this)
  --[no-]git              Initialise a git repository with a first commit (default: yes)
  --[no-]install          Install dependencies (default: yes)

Behaviour:
  -y, --yes               Take the default for every answer not given as a flag
  --force                 Allow a non-empty folder; files are added, existing ones never overwritten
  --dry-run               Print the files that would be written, write nothing
  -h, --help              Show this help
  -v, --version           Show the version

Examples:
  npm create stack-plugin my-plugin -- --template micro --yes
  npm create stack-plugin my-plugin -- -t integration --features ci,changesets --no-install --yes
`;
}
