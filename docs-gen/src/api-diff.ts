import ts from 'typescript';
import type { ApiChange } from './bump.js';

/** A top-level declaration of an API report, normalised (comments and layout removed). */
interface ReportDeclaration {
  readonly name: string;
  readonly kind: ts.SyntaxKind;
  /** The declaration's nodes (several for overloaded functions or merged declarations). */
  readonly nodes: ts.Node[];
}

const printer = ts.createPrinter({ removeComments: true });

/** The TypeScript inside an api-extractor report's code fences. */
export function reportCode(report: string): string {
  return [...report.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

function print(node: ts.Node, source: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, source).replace(/\s+/g, ' ').trim();
}

function declarationName(node: ts.Statement): string | undefined {
  if (ts.isExportAssignment(node)) return 'default';
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isModuleDeclaration(node)) &&
    node.name
  ) {
    return node.name.getText();
  }
  if (ts.isVariableStatement(node)) {
    const decl = node.declarationList.declarations[0];
    return decl && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
  }
  return undefined;
}

/** Parses a report into its declarations by name; imports are skipped (they follow the uses). */
function parseReport(report: string): {
  source: ts.SourceFile;
  decls: Map<string, ReportDeclaration>;
} {
  const source = ts.createSourceFile(
    'report.d.ts',
    reportCode(report),
    ts.ScriptTarget.Latest,
    true,
  );
  const decls = new Map<string, ReportDeclaration>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) continue;
    const name = declarationName(statement);
    if (!name) continue;
    const existing = decls.get(name);
    if (existing) existing.nodes.push(statement);
    else decls.set(name, { name, kind: statement.kind, nodes: [statement] });
  }
  return { source, decls };
}

function memberName(member: ts.Node, source: ts.SourceFile): string {
  const name = (member as { name?: ts.Node }).name;
  if (name) return name.getText(source);
  if (ts.isIndexSignatureDeclaration(member)) return '[index]';
  if (ts.isCallSignatureDeclaration(member)) return '(call)';
  if (ts.isConstructSignatureDeclaration(member) || ts.isConstructorDeclaration(member))
    return '(new)';
  return print(member, source);
}

function isOptionalMember(member: ts.Node): boolean {
  return !!(member as { questionToken?: ts.Node }).questionToken;
}

/** Header of an interface or class: name, type parameters and heritage, without members. */
function header(
  node: ts.InterfaceDeclaration | ts.ClassDeclaration,
  source: ts.SourceFile,
): string {
  const text = print(node, source);
  return text.slice(0, text.indexOf('{'));
}

function compareMembers(
  name: string,
  before: ts.InterfaceDeclaration | ts.ClassDeclaration,
  after: ts.InterfaceDeclaration | ts.ClassDeclaration,
  src: { before: ts.SourceFile; after: ts.SourceFile },
): ApiChange[] {
  const changes: ApiChange[] = [];
  if (header(before, src.before) !== header(after, src.after)) {
    changes.push({
      source: 'api',
      bump: 'major',
      description: `changed the type parameters or heritage of ${name}`,
    });
  }
  const group = (node: typeof before, source: ts.SourceFile) => {
    const map = new Map<string, string[]>();
    for (const m of node.members) {
      const key = memberName(m, source);
      map.set(key, [...(map.get(key) ?? []), print(m, source)]);
    }
    return map;
  };
  const old = group(before, src.before);
  const now = group(after, src.after);
  for (const [member, texts] of old) {
    const next = now.get(member);
    if (!next)
      changes.push({ source: 'api', bump: 'major', description: `removed ${name}.${member}` });
    else if (!texts.every((t) => next.includes(t))) {
      changes.push({ source: 'api', bump: 'major', description: `changed ${name}.${member}` });
    } else if (next.length > texts.length) {
      changes.push({
        source: 'api',
        bump: 'minor',
        description: `added an overload of ${name}.${member}`,
      });
    }
  }
  const isInterface = ts.isInterfaceDeclaration(after);
  for (const m of after.members) {
    const member = memberName(m, src.after);
    if (old.has(member)) continue;
    // A required member added to an interface breaks code that implements it or builds such
    // objects; an optional one, or a new class member, only adds.
    const breaking = isInterface && !isOptionalMember(m) && !ts.isMethodSignature(m);
    changes.push({
      source: 'api',
      bump: breaking ? 'major' : 'minor',
      description:
        `added ${breaking ? 'required' : isOptionalMember(m) ? 'optional' : ''} member ${name}.${member}`.replace(
          '  ',
          ' ',
        ),
    });
  }
  return changes;
}

/** New signature = old one plus trailing optional parameters, same return and type parameters. */
function onlyAddsOptionalParameters(
  before: ts.FunctionDeclaration,
  after: ts.FunctionDeclaration,
  src: { before: ts.SourceFile; after: ts.SourceFile },
): boolean {
  const text = (n: ts.Node | undefined, s: ts.SourceFile) => (n ? print(n, s) : '');
  if (text(before.type, src.before) !== text(after.type, src.after)) return false;
  const tp = (f: ts.FunctionDeclaration, s: ts.SourceFile) =>
    (f.typeParameters ?? []).map((p) => print(p, s)).join(',');
  if (tp(before, src.before) !== tp(after, src.after)) return false;
  if (after.parameters.length <= before.parameters.length) return false;
  const same = before.parameters.every((p, i) => {
    const q = after.parameters[i];
    return q !== undefined && print(p, src.before) === print(q, src.after);
  });
  const extras = after.parameters.slice(before.parameters.length);
  return same && extras.every((p) => !!p.questionToken || !!p.initializer);
}

function compareDeclaration(
  before: ReportDeclaration,
  after: ReportDeclaration,
  src: { before: ts.SourceFile; after: ts.SourceFile },
): ApiChange[] {
  const oldTexts = before.nodes.map((n) => print(n, src.before));
  const newTexts = after.nodes.map((n) => print(n, src.after));
  if (oldTexts.join('\n') === newTexts.join('\n')) return [];
  const name = before.name;
  const [b] = before.nodes;
  const [a] = after.nodes;
  if (
    before.kind === after.kind &&
    before.nodes.length === 1 &&
    after.nodes.length === 1 &&
    a &&
    b
  ) {
    if (
      (ts.isInterfaceDeclaration(b) && ts.isInterfaceDeclaration(a)) ||
      (ts.isClassDeclaration(b) && ts.isClassDeclaration(a))
    ) {
      return compareMembers(name, b, a, src);
    }
    if (
      ts.isFunctionDeclaration(b) &&
      ts.isFunctionDeclaration(a) &&
      onlyAddsOptionalParameters(b, a, src)
    ) {
      return [
        { source: 'api', bump: 'minor', description: `added optional parameters to ${name}` },
      ];
    }
    if (ts.isEnumDeclaration(b) && ts.isEnumDeclaration(a)) {
      const oldMembers = b.members.map((m) => print(m, src.before));
      const newMembers = a.members.map((m) => print(m, src.after));
      if (oldMembers.every((m) => newMembers.includes(m))) {
        return [{ source: 'api', bump: 'minor', description: `added members to enum ${name}` }];
      }
    }
  }
  if (
    before.kind === ts.SyntaxKind.FunctionDeclaration &&
    oldTexts.every((t) => newTexts.includes(t))
  ) {
    return [{ source: 'api', bump: 'minor', description: `added an overload of ${name}` }];
  }
  return [{ source: 'api', bump: 'major', description: `changed the signature of ${name}` }];
}

/**
 * Classifies the differences between two API reports: removed or changed declarations are
 * major, additions (exports, optional members, optional parameters, overloads) minor. Text
 * differences that change no declaration (TSDoc, release tags) are a patch.
 */
export function diffApiReports(before: string, after: string): ApiChange[] {
  const old = parseReport(before);
  const now = parseReport(after);
  const src = { before: old.source, after: now.source };
  const changes: ApiChange[] = [];
  const exported = (d: ReportDeclaration) =>
    d.name === 'default' ||
    d.nodes.some(
      (n) =>
        ts.canHaveModifiers(n) &&
        ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword),
    );
  for (const [name, decl] of old.decls) {
    const next = now.decls.get(name);
    if (!next) {
      if (exported(decl))
        changes.push({ source: 'api', bump: 'major', description: `removed export ${name}` });
      continue;
    }
    changes.push(...compareDeclaration(decl, next, src));
  }
  for (const [name, decl] of now.decls) {
    if (!old.decls.has(name) && exported(decl)) {
      changes.push({ source: 'api', bump: 'minor', description: `added export ${name}` });
    }
  }
  if (changes.length === 0 && before.replace(/\r\n/g, '\n') !== after.replace(/\r\n/g, '\n')) {
    changes.push({
      source: 'api',
      bump: 'patch',
      description: 'report text changed without an API change (docs or release tags)',
    });
  }
  return changes;
}
