/**
 * Reads TS/TSX sources with the TypeScript parser and reports (1) user-visible text written into
 * the code instead of the catalogue and (2) every catalogue key the code refers to.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Props and DOM properties whose value a user reads or hears. */
const VISIBLE_PROPS = new Set([
  'aria-label',
  'aria-valuetext',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
  'label',
]);
const VISIBLE_DOM_PROPERTIES = new Set([
  'textContent',
  'innerText',
  'title',
  'placeholder',
  'alt',
  'label',
  'ariaLabel',
  'ariaValueText',
  'ariaDescription',
]);
/** Call names whose first argument is a catalogue key. */
const TRANSLATE_CALLEES = new Set(['t', 'browserTranslate', 'getMessage']);

export interface HardCodedText {
  file: string;
  line: number;
  /** What carries the text: `JSX text`, `title=`, `.textContent =`, `setAttribute(aria-label)`. */
  where: string;
  text: string;
}

export interface KeyReference {
  file: string;
  line: number;
  /** The first argument as written. */
  expression: string;
  /** Set when the argument is a plain string. */
  key?: string;
  /** Set for a template such as `badge_${state}`: the literal text before the first `${`. */
  templatePrefix?: string;
  /** Number of substitutions passed, when they are an array literal without spreads. */
  substitutions?: number;
}

export interface ScanResult {
  hardCoded: HardCodedText[];
  references: KeyReference[];
  /** Every plain string in the file (for key-shaped strings kept in tables). */
  strings: { file: string; line: number; text: string }[];
}

const isPlainString = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
const hasLetter = (text: string) => /\p{L}/u.test(text);

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function isTranslateCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return TRANSLATE_CALLEES.has(callee.text);
  if (ts.isPropertyAccessExpression(callee)) return TRANSLATE_CALLEES.has(callee.name.text);
  return false;
}

/**
 * Literal text inside an expression that would reach the screen: string and template parts,
 * through conditionals, `??`/`||`, `+` and parentheses, but not inside call arguments (a key
 * passed to `t()`, a test id passed to a helper).
 */
function literalTexts(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  if (ts.isParenthesizedExpression(node)) return literalTexts(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalTexts(node.whenTrue), ...literalTexts(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarToken:
        return [...literalTexts(node.left), ...literalTexts(node.right)];
      case ts.SyntaxKind.AmpersandAmpersandToken:
        return literalTexts(node.right);
      default:
        return []; // comparisons and the like give booleans, not text
    }
  }
  return [];
}

export function scanSource(file: string, text: string): ScanResult {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const result: ScanResult = { hardCoded: [], references: [], strings: [] };
  const report = (node: ts.Node, where: string, texts: string[]) => {
    for (const t of texts) {
      if (hasLetter(t)) result.hardCoded.push({ file, line: lineOf(source, node), where, text: t.trim() });
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      result.strings.push({ file, line: lineOf(source, node), text: node.text });
    }
    if (ts.isJsxText(node)) {
      report(node, 'JSX text', [node.text]);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      report(node, 'JSX child', literalTexts(node.expression));
    } else if (ts.isJsxAttribute(node) && VISIBLE_PROPS.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      const texts = ts.isStringLiteral(init) ? [init.text] : ts.isJsxExpression(init) && init.expression ? literalTexts(init.expression) : [];
      report(node, `${node.name.getText(source)}=`, texts);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      VISIBLE_DOM_PROPERTIES.has(node.left.name.text)
    ) {
      report(node, `.${node.left.name.text} =`, literalTexts(node.right));
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'setAttribute'
    ) {
      const [name, value] = node.arguments;
      if (name && value && ts.isStringLiteral(name) && VISIBLE_PROPS.has(name.text)) {
        report(node, `setAttribute(${name.text})`, literalTexts(value));
      }
    }
    if (isTranslateCall(node)) {
      const [first, subs] = node.arguments;
      // `t(cond ? 'a_key' : 'b_key')` names two keys.
      const choices = first && ts.isConditionalExpression(first) && isPlainString(first.whenTrue) && isPlainString(first.whenFalse)
        ? [first.whenTrue, first.whenFalse]
        : first ? [first] : [];
      for (const arg of choices) {
        const ref: KeyReference = { file, line: lineOf(source, node), expression: arg.getText(source) };
        if (isPlainString(arg)) ref.key = arg.text;
        else if (ts.isTemplateExpression(arg)) ref.templatePrefix = arg.head.text;
        if (subs && ts.isArrayLiteralExpression(subs) && !subs.elements.some(ts.isSpreadElement)) {
          ref.substitutions = subs.elements.length;
        } else if (!subs) {
          ref.substitutions = 0;
        }
        result.references.push(ref);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return result;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** Scans every TS/TSX file under `dirs` (paths in the result are relative to `root`). */
export function scanTree(root: string, dirs: readonly string[]): ScanResult {
  const all: ScanResult = { hardCoded: [], references: [], strings: [] };
  for (const dir of dirs) {
    for (const path of sourceFiles(join(root, dir))) {
      const found = scanSource(relative(root, path), readFileSync(path, 'utf8'));
      all.hardCoded.push(...found.hardCoded);
      all.references.push(...found.references);
      all.strings.push(...found.strings);
    }
  }
  return all;
}

export interface RawNumber {
  file: string;
  line: number;
  /** The key argument as written. */
  key: string;
  /** The substitution as written. */
  expression: string;
}

/**
 * Substitutions of type `number` passed to a translate call: the catalogue would print them
 * with `String()`, not in the UI language's digits and grouping ("1440" for German "1.440").
 * Needs the type checker, so it builds a program over `files`.
 */
export function rawNumberSubstitutions(root: string, dirs: readonly string[]): RawNumber[] {
  const files = dirs.flatMap((dir) => [...sourceFiles(join(root, dir))]);
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const found: RawNumber[] = [];
  for (const path of files) {
    const source = program.getSourceFile(path);
    if (!source) continue;
    const visit = (node: ts.Node): void => {
      if (isTranslateCall(node)) {
        const [first, subs] = node.arguments;
        if (first && subs && ts.isArrayLiteralExpression(subs)) {
          for (const element of subs.elements) {
            const type = checker.getTypeAtLocation(element);
            if (type.flags & ts.TypeFlags.NumberLike) {
              found.push({
                file: relative(root, path),
                line: lineOf(source, element),
                key: first.getText(source),
                expression: element.getText(source),
              });
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
