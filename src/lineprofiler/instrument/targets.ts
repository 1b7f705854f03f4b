// Which functions of a module are profiled, read from its syntax: the argument of a
// `profile(...)` call (a function or class written there, or one of the module's own declared
// by name, `X.prototype.m` and `obj.m` by their definition), tsc's compiled `@profile`
// decorators, and the functions named by --function globs.
import { CLASS_TYPES, className, dottedName, functionNames, isFunction, keyName, walk, type AnyNode } from './syntax.js';

export interface Target {
  /** the function whose body is instrumented (a class's constructor for a class) */
  readonly fn: AnyNode;
  /** the node whose first line is the table's first line (a method's definition) */
  readonly head: AnyNode;
  readonly name: string;
  /** where the function's text (Function.prototype.toString) starts: the class's for a class */
  readonly textStart: number;
  /** named by --function: profiled at every call, without a wrapper */
  readonly auto: boolean;
}

interface Defined {
  readonly fn: AnyNode;
  readonly head: AnyNode;
  readonly names: readonly string[];
  /** a constructor's class */
  readonly klass?: AnyNode;
}

const DECORATORS = /^_(?:static_)?(?:private_)?(.+)_decorators$/;

/** `profile`, `x.profile`, `(0, x.profile)` and `profile(options)` as tsc and people write them. */
function isProfileReference(node: AnyNode): boolean {
  if (node.type === 'Identifier') return node.name === 'profile';
  if (node.type === 'MemberExpression') return !node.computed && node.property.name === 'profile';
  if (node.type === 'SequenceExpression') return isProfileReference(node.expressions[node.expressions.length - 1] as AnyNode);
  if (node.type === 'CallExpression') return isProfileReference(node.callee as AnyNode);
  return false;
}

/** A glob of --function (`*` any run of characters, `?` one) as a whole-name pattern. */
export function globPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Where V8's text of a function starts: a method's after `static`. */
function textStart(source: string, d: Defined): number {
  if (d.klass !== undefined) return d.klass.start;
  if (d.head === d.fn || !d.head.static) return d.head.start;
  return d.head.start + /^static\s*/.exec(source.slice(d.head.start))![0].length;
}

export function findTargets(ast: AnyNode, source: string, globs: readonly RegExp[]): Target[] {
  const defined: Defined[] = [];
  const classes: Array<{ node: AnyNode; name: string | undefined; ctor: Defined | undefined }> = [];
  const referenced: AnyNode[] = [];
  const decorated: Array<{ member: string | undefined; klass: AnyNode }> = [];
  walk(ast, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (isFunction(node)) {
      const member = parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind !== 'init')) ? parent : undefined;
      defined.push({ fn: node, head: member ?? node, names: functionNames(node, ancestors) });
    } else if (CLASS_TYPES.has(node.type)) {
      classes.push({ node, name: className(node, parent), ctor: undefined });
    } else if (node.type === 'CallExpression' && isProfileReference(node.callee as AnyNode) && node.arguments.length > 0) {
      referenced.push(node.arguments[0] as AnyNode);
    } else if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier' && node.right.type === 'ArrayExpression'
      && (node.right.elements as AnyNode[]).some((element) => element !== null && isProfileReference(element))) {
      const name = node.left.name as string;
      const klass = [...ancestors].reverse().find((a) => CLASS_TYPES.has(a.type));
      if (klass !== undefined && name === '_classDecorators') decorated.push({ member: undefined, klass });
      else if (klass !== undefined && DECORATORS.test(name)) decorated.push({ member: DECORATORS.exec(name)![1], klass });
    }
  });
  const classOf = new Map<AnyNode, (typeof classes)[number]>(classes.map((c) => [c.node, c]));
  for (const klass of classes) {
    const ctor = (klass.node.body.body as AnyNode[]).find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    const d = ctor === undefined ? undefined : defined.find((candidate) => candidate.fn === ctor.value);
    if (d !== undefined) klass.ctor = { ...d, klass: klass.node };
  }

  const chosen = new Map<AnyNode, Target>();
  const choose = (d: Defined | undefined, auto: boolean) => {
    if (d === undefined || chosen.has(d.fn)) return;
    chosen.set(d.fn, { fn: d.fn, head: d.head, name: d.names[0] ?? '', textStart: textStart(source, d), auto });
  };
  const chooseClass = (node: AnyNode, auto: boolean) => choose(classOf.get(node)?.ctor, auto);
  const byFunction = new Map(defined.map((d) => [d.fn, d]));

  for (const argument of referenced) {
    if (isFunction(argument)) choose(byFunction.get(argument), false);
    else if (CLASS_TYPES.has(argument.type)) chooseClass(argument, false);
    else {
      const dotted = dottedName(argument);
      if (dotted === undefined) continue;
      const parts = dotted.split('.').filter((part) => part !== 'prototype');
      const qualified = parts.slice(-2).join('.');
      const plain = parts[parts.length - 1];
      if (parts.length === 1) {
        for (const klass of classes) if (klass.name === plain) chooseClass(klass.node, false);
        for (const d of defined) if (d.head === d.fn && d.names.includes(plain)) choose(d, false);
      } else {
        const matches = defined.filter((d) => d.names.includes(qualified));
        for (const d of matches.length > 0 ? matches : defined.filter((d) => d.head !== d.fn && d.names.includes(plain))) choose(d, false);
      }
    }
  }
  for (const { member, klass } of decorated) {
    if (member === undefined) {
      chooseClass(klass, false);
      continue;
    }
    const method = (klass.body.body as AnyNode[]).find((m) => m.type === 'MethodDefinition' && keyName(m)?.replace(/^#/, '') === member);
    if (method !== undefined) choose(byFunction.get(method.value as AnyNode), false);
  }
  if (globs.length > 0) {
    const ctors = new Map(classes.flatMap((c) => (c.ctor === undefined ? [] : [[c.ctor.fn, c.ctor] as const])));
    for (const d of defined) if (d.names.some((name) => globs.some((glob) => glob.test(name)))) choose(ctors.get(d.fn) ?? d, true);
  }

  // a function inside another profiled one is part of that one's table, as nested code objects
  // are in memory_profiler's
  const targets = [...chosen.values()];
  return targets.filter((t) => !targets.some((outer) => outer !== t && outer.fn.start <= t.fn.start && t.fn.end <= outer.fn.end));
}
