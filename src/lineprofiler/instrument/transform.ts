// Rewrites the profiled functions of one module's source so that each line event calls the
// profiler directly (runtime.ts): a frame opened at each call and closed in a `finally`, a probe
// before each statement, in each loop test, at each `await`/`yield`, `catch`, `case` and
// argument on a line of its own. Every insertion stays on the line it is about, so line numbers
// do not move; everything outside the profiled functions is left byte for byte. The source map
// of the edit (composed with the module's own, for compiled code) goes at the end.
import remapping from '@ampproject/remapping';
import { parse } from 'acorn';
import MagicString from 'magic-string';
import { LINE_END, originalSource, readSourceMap } from '../../source-map.js';
import { findTargets, type Target } from './targets.js';
import { FRAME, MODULE, RUNTIME_KEY, type CodeMeta } from './names.js';
import { isFunction, walk, type AnyNode } from './syntax.js';

export interface TransformOptions {
  readonly sourceType: 'module' | 'script';
  /** the file the source was read from, absolute */
  readonly scriptFile: string;
  /** names the module to the runtime: its url for ESM, its file for CommonJS */
  readonly key: string;
  readonly globs: readonly RegExp[];
}

interface Position {
  readonly line: number;
  readonly column: number;
}

type LineOf = (at: Position) => number;

// acorn gives every node its lines, when asked to (`locations`)
const startOf = (node: AnyNode): Position => node.loc!.start;
const endOf = (node: AnyNode): Position => node.loc!.end;

/** The line shown in the table for a position of the script, through the script's source map. */
function shownLines(scriptFile: string, scriptLines: readonly string[], target: Target): { filename: string; lineOf: LineOf } {
  const start = startOf(target.head);
  const original = originalSource(scriptFile, scriptLines, start.line - 1, start.column);
  if (original === undefined) return { filename: scriptFile, lineOf: (at) => at.line };
  const first = original.lineOf(start.line - 1, start.column)!;
  // a position the map leaves out (compiler-made code) counts toward the function's first line
  return { filename: original.filename, lineOf: (at) => original.lineOf(at.line - 1, at.column) ?? first };
}

const SKIPPED_STATEMENTS = new Set(['BlockStatement', 'StaticBlock', 'FunctionDeclaration', 'EmptyStatement', 'ForStatement', 'WhileStatement', 'DoWhileStatement', 'ForOfStatement']);

/** The node whose first line is a function's call line: a method's definition, else itself. */
function headOf(fn: AnyNode, parent: AnyNode | undefined): AnyNode {
  if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind !== 'init'))) return parent;
  return fn;
}

class Editor {
  readonly edit: MagicString;
  /** the shown line of a position: set per profiled function (each may map to its own file) */
  lineOf: LineOf = (at) => at.line;

  constructor(private readonly source: string) {
    this.edit = new MagicString(source);
  }

  line(node: AnyNode): number {
    return this.lineOf(startOf(node));
  }

  // Insertions are made parents first: what opens at an index goes after what opened there
  // before (an enclosing construct), what closes goes before (an enclosed one closes first).
  open(index: number, text: string): void {
    this.edit.appendRight(index, text);
  }

  close(index: number, text: string): void {
    this.edit.prependLeft(index, text);
  }

  /** The probe a statement gets where it starts; '' for statements that get theirs elsewhere. */
  statementProbe(statement: AnyNode): string {
    let inner = statement;
    while (inner.type === 'LabeledStatement') inner = inner.body as AnyNode;
    if (SKIPPED_STATEMENTS.has(inner.type) || inner.directive !== undefined) return '';
    return `${FRAME}.l(${this.line(statement)});`;
  }

  /** A statement in a list: its probe goes in front. */
  probeInList(statement: AnyNode): void {
    const probe = this.statementProbe(statement);
    if (probe !== '') this.open(statement.start, probe);
  }

  /** A statement that is a body on its own (`if (a) b();`): braced to hold its probe and `extra`. */
  probeAsBody(statement: AnyNode, extra = ''): void {
    if (statement.type === 'BlockStatement') {
      if (extra !== '') this.open(statement.start + 1, extra);
      return;
    }
    const probe = extra + this.statementProbe(statement);
    if (probe === '') return;
    this.open(statement.start, `{${probe}`);
    this.close(statement.end, '}');
  }

  /**
   * Opens a frame for each call of `fn` and closes it in a `finally`; returns the index where
   * the frame's opening goes, and whether a brace is put in front of it (an arrow's expression).
   */
  frame(fn: AnyNode, head: AnyNode, index: number, key: string | undefined): { at: number; braced: boolean } {
    const callLine = this.line(head);
    const oneLine = this.lineOf(endOf(fn)) === callLine;
    const enter = `const ${FRAME}=${MODULE}.e(${index},${callLine}${key === undefined ? '' : `,${JSON.stringify(key)}`});try{${oneLine ? `${FRAME}.j(${callLine});` : ''}`;
    const body = fn.body as AnyNode;
    if (body.type === 'BlockStatement') {
      const directives = (body.body as AnyNode[]).filter((s) => s.directive !== undefined);
      const at = directives.length > 0 ? directives[directives.length - 1].end : body.start + 1;
      const exit = `}finally{${FRAME}.x()}`;
      // an empty body: both at one index, where what closes would go first
      if (at === body.end - 1) this.open(at, enter + exit);
      else {
        this.open(at, enter);
        this.close(body.end - 1, exit);
      }
      return { at, braced: false };
    }
    const at = this.source.indexOf('=>', fn.params.length > 0 ? fn.params[fn.params.length - 1].end : fn.start) + 2;
    this.open(at, `{${enter}${FRAME}.l(${this.line(body)});return (`);
    this.close(fn.end, `)}finally{${FRAME}.x()}}`);
    return { at, braced: true };
  }

  /** The probes inside one node of a profiled function (its own children are walked after). */
  node(node: AnyNode): void {
    switch (node.type) {
      case 'BlockStatement':
      case 'StaticBlock':
        for (const statement of node.body as AnyNode[]) this.probeInList(statement);
        break;
      case 'SwitchCase':
        if (node.test !== null) this.open((node.test as AnyNode).start, `${FRAME}.l(${this.line(node)}),`);
        else if (node.consequent.length > 0) this.open(node.consequent[0].start, `${FRAME}.l(${this.line(node)});`);
        for (const statement of node.consequent as AnyNode[]) this.probeInList(statement);
        break;
      case 'IfStatement':
        this.probeAsBody(node.consequent as AnyNode);
        if (node.alternate !== null) this.probeAsBody(node.alternate as AnyNode);
        break;
      case 'WithStatement':
        this.probeAsBody(node.body as AnyNode);
        break;
      case 'ForStatement':
        this.loopTest(node);
        this.probeAsBody(node.body as AnyNode);
        break;
      case 'WhileStatement':
        this.open((node.test as AnyNode).start, `${FRAME}.j(${this.line(node)}),`);
        this.probeAsBody(node.body as AnyNode);
        break;
      case 'DoWhileStatement':
        // each turn enters the `do` line, as breakpoints count it; a test on a line of its own
        // is a line event when reached
        this.probeAsBody(node.body as AnyNode, `${FRAME}.j(${this.line(node)});`);
        this.open((node.test as AnyNode).start, `${FRAME}.l(${this.line(node.test as AnyNode)}),`);
        break;
      case 'ForOfStatement':
        this.open((node.right as AnyNode).start, `${FRAME}.${node.await ? 'oa' : 'of'}(${this.line(node)},`);
        this.close((node.right as AnyNode).end, ')');
        this.probeAsBody(node.body as AnyNode);
        break;
      case 'ForInStatement':
        // no test to probe: the head counts once as a statement and once per turn
        this.probeAsBody(node.body as AnyNode, `${FRAME}.j(${this.line(node)});`);
        break;
      case 'CatchClause':
        this.open((node.body as AnyNode).start + 1, `${FRAME}.l(${this.line(node)});`);
        break;
      case 'AwaitExpression':
        this.open((node.argument as AnyNode).start, `${FRAME}.s(`);
        this.close((node.argument as AnyNode).end, ')');
        break;
      case 'YieldExpression':
        if (node.argument === null) this.close(node.end, ` ${FRAME}.s()`);
        else {
          this.open((node.argument as AnyNode).start, `${FRAME}.s(`);
          this.close((node.argument as AnyNode).end, ')');
        }
        break;
      case 'CallExpression':
      case 'NewExpression':
        this.arguments(node);
        break;
      default:
        break;
    }
  }

  /** A classic for loop's test, probed at each evaluation; `for (;;)` gets one. */
  private loopTest(node: AnyNode): void {
    const probe = `${FRAME}.j(${this.line(node)})`;
    if (node.test !== null) {
      this.open((node.test as AnyNode).start, `${probe},`);
      return;
    }
    const from = node.init !== null ? (node.init as AnyNode).end : this.source.indexOf('(', node.start) + 1;
    this.open(this.source.indexOf(';', from) + 1, `${probe},true`);
  }

  /**
   * Each argument that starts on a line of its own is a line event there, and the call itself
   * one on the line it starts on, after the last argument, as Python (3.11) counts them.
   */
  private arguments(node: AnyNode): void {
    const callLine = this.line(node);
    let previous = this.lineOf(endOf(node.callee as AnyNode));
    const args = node.arguments as AnyNode[];
    for (const argument of args) {
      const value = argument.type === 'SpreadElement' ? (argument.argument as AnyNode) : argument;
      const line = this.line(argument);
      const back = argument === args[args.length - 1] && this.lineOf(endOf(argument)) !== callLine;
      if (line !== previous || back) {
        this.open(value.start, `${back ? `${FRAME}.b(${callLine},` : ''}(${line !== previous ? `${FRAME}.l(${line}),` : ''}`);
        this.close(value.end, back ? '))' : ')');
      }
      previous = this.lineOf(endOf(argument));
    }
  }
}

/**
 * The edit of one profiled function: its own frame and probes, and those of the functions in
 * it. Returns where its frame opens.
 */
function instrumentTarget(editor: Editor, target: Target, index: number, key: string): { at: number; braced: boolean } {
  const opening = editor.frame(target.fn, target.head, index, key);
  const inside = (node: AnyNode, parent: AnyNode | undefined): boolean | void => {
    if (isFunction(node)) {
      editor.frame(node, headOf(node, parent), index, undefined);
      // parameters are evaluated before the frame exists: no probes there
      walk(node.body as AnyNode, (child, ancestors) => inside(child, ancestors[ancestors.length - 1] ?? node));
      return false;
    }
    editor.node(node);
  };
  walk(target.fn.body as AnyNode, (node, ancestors) => inside(node, ancestors[ancestors.length - 1] ?? target.fn));
  return opening;
}

/**
 * The instrumented source of a module, or undefined when it has no profiled function. Throws
 * acorn's SyntaxError for a source it cannot parse.
 */
export function instrumentSource(source: string, options: TransformOptions): string | undefined {
  const ast = parse(source, {
    ecmaVersion: 'latest',
    sourceType: options.sourceType,
    allowHashBang: true,
    allowReturnOutsideFunction: options.sourceType === 'script',
    locations: true,
  }) as unknown as AnyNode;
  const targets = findTargets(ast, source, options.globs);
  if (targets.length === 0) return undefined;
  const scriptLines = source.split(LINE_END);
  const metas: CodeMeta[] = [];
  const editor = new Editor(source);
  const openings: Array<{ at: number; braced: boolean }> = [];
  for (const [index, target] of targets.entries()) {
    const { filename, lineOf } = shownLines(options.scriptFile, scriptLines, target);
    editor.lineOf = lineOf;
    openings.push(instrumentTarget(editor, target, index, `${options.key}#${index}`));
    const firstLine = editor.line(target.head);
    metas.push([target.name, filename, firstLine, Math.max(lineOf(endOf(target.fn)), firstLine), target.auto, 0]);
  }
  // once every edit is in: a function's text up to its opening may hold other functions' probes
  for (const [index, target] of targets.entries()) {
    const { at, braced } = openings[index];
    metas[index][5] = editor.edit.slice(target.textStart, at).length + (braced ? 1 : 0);
  }
  const body = ast.body as AnyNode[];
  const first = body.find((statement) => statement.directive === undefined) ?? body[body.length - 1];
  const { edit } = editor;
  edit.prependRight(first.start, `var ${MODULE}=globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})].module(${JSON.stringify(options.key)},${JSON.stringify(metas)});`);
  return edit.toString() + sourceMapComment(edit, options.scriptFile, scriptLines);
}

/** The edit's source map, composed with the script's own: stack traces keep their columns. */
function sourceMapComment(edit: MagicString, scriptFile: string, scriptLines: readonly string[]): string {
  const own = edit.generateMap({ hires: true, source: scriptFile, includeContent: false });
  let map: object = own;
  try {
    const input = readSourceMap(scriptFile, scriptLines);
    if (input !== undefined) map = remapping([own as never, input.payload as never], () => null);
  } catch {
    // an unreadable map leaves the edit's own, as the table does
  }
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}
