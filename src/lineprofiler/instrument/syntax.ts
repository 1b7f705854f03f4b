// The few facts about acorn's ESTree nodes the instrumenting path needs: a pre-order walk with
// ancestors, which nodes are functions, and the names a function goes by.
import type { Node } from 'acorn';

/** An ESTree node with its fields, read loosely. */
export type AnyNode = Node & Record<string, any>;

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
export const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);

export function isFunction(node: AnyNode | null | undefined): boolean {
  return node != null && FUNCTION_TYPES.has(node.type);
}

function isNode(value: unknown): value is AnyNode {
  return value !== null && typeof value === 'object' && typeof (value as AnyNode).type === 'string';
}

/**
 * Calls `visit` on `root` and every node under it, parents before children, with the ancestors
 * (outermost first); `visit` answering false skips the node's children.
 */
export function walk(root: AnyNode, visit: (node: AnyNode, ancestors: readonly AnyNode[]) => boolean | void): void {
  const ancestors: AnyNode[] = [];
  const step = (node: AnyNode): void => {
    if (visit(node, ancestors) === false) return;
    ancestors.push(node);
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) step(item);
      } else if (isNode(value) && key !== 'loc') {
        step(value);
      }
    }
    ancestors.pop();
  };
  step(root);
}

/** A non-computed property or method key's name. */
export function keyName(node: AnyNode): string | undefined {
  if (node.computed) return undefined;
  const key = node.key as AnyNode | undefined;
  if (key === undefined) return undefined;
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'PrivateIdentifier') return `#${key.name as string}`;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

/** `a.b.c` as a string, for member expressions of identifiers; undefined otherwise. */
export function dottedName(node: AnyNode): string | undefined {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  const object = dottedName(node.object as AnyNode);
  const property = (node.property as AnyNode).name as string | undefined;
  return object === undefined || property === undefined ? undefined : `${object}.${property}`;
}

/** The class's name: its own, or the variable it is assigned to. */
export function className(node: AnyNode, parent: AnyNode | undefined): string | undefined {
  if (node.id) return node.id.name as string;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name as string;
  return undefined;
}

/**
 * The names a function goes by, plain (`eat`) and qualified (`MemEater.eat`): a declaration's
 * or expression's own name, the variable or property it is assigned to, a method's key with
 * its class; a class's constructor is `Class` and `Class.constructor`.
 */
export function functionNames(fn: AnyNode, ancestors: readonly AnyNode[]): string[] {
  const names: string[] = [];
  const parent = ancestors[ancestors.length - 1];
  if (fn.id) names.push(fn.id.name as string);
  if (parent === undefined) return names;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') names.push(parent.id.name as string);
  if (parent.type === 'AssignmentExpression') {
    const target = dottedName(parent.left as AnyNode);
    if (target !== undefined) {
      const parts = target.split('.').filter((part) => part !== 'prototype');
      names.push(parts[parts.length - 1]);
      if (parts.length > 1) names.push(parts.slice(-2).join('.'));
    }
  }
  if (parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') {
    const key = keyName(parent);
    if (key !== undefined) {
      // a class member's parents: ClassBody, then the class; a property's: the object literal
      let owner: string | undefined;
      const klass = ancestors[ancestors.length - 3];
      if (klass !== undefined && CLASS_TYPES.has(klass.type)) owner = className(klass, ancestors[ancestors.length - 4]);
      if (ancestors[ancestors.length - 2]?.type === 'ObjectExpression') {
        const declarator = ancestors[ancestors.length - 3];
        if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') owner = declarator.id.name as string;
      }
      if (key === 'constructor' && parent.type === 'MethodDefinition' && owner !== undefined) {
        names.push(owner);
      } else {
        names.push(key);
      }
      if (owner !== undefined) names.push(`${owner}.${key}`);
    }
  }
  return [...new Set(names)];
}
