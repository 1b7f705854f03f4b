// Retained sizes as Chrome DevTools computes them: a dominator tree over the whole snapshot
// from the synthetic root (Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm",
// 2001, iterated over reverse post-order), then each node's retained size is the sum of the
// self sizes in its dominator subtree. DevTools' edge rules are kept:
//  - weak edges never retain; shortcut edges retain only from the root (they mark user roots);
//  - "page-owned" nodes (reachable from the root's shortcut targets, the global objects) are
//    not retained through nodes that are not page-owned (debugger and other internal holders).
// One option goes beyond DevTools: `ignoredRoots` names synthetic root groups whose edges do not
// retain, e.g. '(Stack roots)' so that what the calling frames' registers happen to hold does not
// make an object the root's instead of its owner's.
import type { HeapSnapshotGraph } from './graph.js';

export interface Dominators {
  /** Immediate dominator of each node (the root dominates itself). */
  readonly dominator: Uint32Array;
  /** Bytes freed if the node became unreachable, native (external) memory included. */
  readonly retained: Float64Array;
}

function pageOwned(graph: HeapSnapshotGraph, weak: number, shortcut: number): Uint8Array {
  const { firstEdge, rootOrdinal } = graph;
  const { edgeType, edgeTo } = graph.columns;
  const owned = new Uint8Array(graph.nodeCount);
  const stack: number[] = [];
  for (let e = firstEdge[rootOrdinal]; e < firstEdge[rootOrdinal + 1]; e++) {
    const isDomTrees = graph.nodeName(edgeTo[e]) === '(Document DOM trees)';
    if (edgeType[e] === shortcut || isDomTrees) {
      owned[edgeTo[e]] = 1;
      stack.push(edgeTo[e]);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      const to = edgeTo[e];
      if (owned[to] || edgeType[e] === weak) continue;
      owned[to] = 1;
      stack.push(to);
    }
  }
  return owned;
}

export interface DominatorOptions {
  /** Names of synthetic root groups ('(Stack roots)', '(Handle scope)'...) whose edges do not retain. */
  readonly ignoredRoots?: readonly string[];
}

function ignoredRootNodes(graph: HeapSnapshotGraph, names: readonly string[]): Uint8Array {
  const ignored = new Uint8Array(graph.nodeCount);
  if (names.length === 0) return ignored;
  const synthetic = graph.nodeTypeCode('synthetic');
  const { nodeType } = graph.columns;
  for (let node = 0; node < graph.nodeCount; node++) {
    if (nodeType[node] === synthetic && names.includes(graph.nodeName(node))) ignored[node] = 1;
  }
  return ignored;
}

export function dominators(graph: HeapSnapshotGraph, { ignoredRoots = [] }: DominatorOptions = {}): Dominators {
  const n = graph.nodeCount;
  const root = graph.rootOrdinal;
  const { firstEdge } = graph;
  const { edgeType, edgeTo, nodeSelfSize } = graph.columns;
  const weak = graph.edgeTypeCode('weak');
  const shortcut = graph.edgeTypeCode('shortcut');
  const owned = pageOwned(graph, weak, shortcut);
  const ignored = ignoredRootNodes(graph, ignoredRoots);
  const retains = (from: number, e: number) => {
    const type = edgeType[e];
    if (type === weak || (type === shortcut && from !== root) || ignored[from]) return false;
    return from === root || owned[from] === 1 || owned[edgeTo[e]] === 0;
  };

  // Post-order by iterative DFS; nodes the root cannot reach (only weakly held) start their
  // own searches so that they still get dominators; the root comes last.
  const order = new Uint32Array(n);
  const orderOf = new Uint32Array(n);
  const visited = new Uint8Array(n);
  const stackNode = new Uint32Array(n);
  const stackEdge = new Uint32Array(n);
  let count = 0;
  const search = (start: number) => {
    let top = 0;
    stackNode[0] = start;
    stackEdge[0] = firstEdge[start];
    visited[start] = 1;
    while (top >= 0) {
      const node = stackNode[top];
      const e = stackEdge[top];
      if (e < firstEdge[node + 1]) {
        stackEdge[top] = e + 1;
        const to = edgeTo[e];
        if (visited[to] || !retains(node, e)) continue;
        visited[to] = 1;
        stackNode[++top] = to;
        stackEdge[top] = firstEdge[to];
      } else {
        orderOf[node] = count;
        order[count++] = node;
        top--;
      }
    }
  };
  search(root);
  if (count < n) {
    count--; // the root goes last, after the orphans
    for (let node = 0; node < n; node++) if (!visited[node]) search(node);
    orderOf[root] = count;
    order[count++] = root;
  }

  // Retainers (reverse edges that retain), by post-order index.
  const firstRetainer = new Uint32Array(n + 1);
  for (let from = 0; from < n; from++) {
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++) if (retains(from, e)) firstRetainer[edgeTo[e] + 1]++;
  }
  for (let i = 0; i < n; i++) firstRetainer[i + 1] += firstRetainer[i];
  const retainer = new Uint32Array(firstRetainer[n]);
  const fill = firstRetainer.slice(0, n);
  for (let from = 0; from < n; from++) {
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++) if (retains(from, e)) retainer[fill[edgeTo[e]]++] = orderOf[from];
  }

  const rootIndex = n - 1;
  const none = n;
  const dom = new Uint32Array(n).fill(none);
  dom[rootIndex] = rootIndex;
  const affected = new Uint8Array(n).fill(1);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = rootIndex - 1; i >= 0; i--) {
      if (!affected[i]) continue;
      affected[i] = 0;
      if (dom[i] === rootIndex) continue;
      const node = order[i];
      let idom = none;
      for (let r = firstRetainer[node]; r < firstRetainer[node + 1]; r++) {
        let candidate = retainer[r];
        if (dom[candidate] === none) continue;
        if (idom === none) {
          idom = candidate;
        } else {
          while (candidate !== idom) {
            while (candidate < idom) candidate = dom[candidate];
            while (idom < candidate) idom = dom[idom];
          }
        }
        if (idom === rootIndex) break;
      }
      if (firstRetainer[node] === firstRetainer[node + 1]) idom = rootIndex;
      if (idom !== none && dom[i] !== idom) {
        dom[i] = idom;
        changed = true;
        for (let e = firstEdge[node]; e < firstEdge[node + 1]; e++) affected[orderOf[edgeTo[e]]] = 1;
      }
    }
  }

  const dominator = new Uint32Array(n);
  const retained = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dominator[order[i]] = order[dom[i]];
    retained[order[i]] = nodeSelfSize[order[i]];
  }
  for (let i = 0; i < rootIndex; i++) retained[dominator[order[i]]] += retained[order[i]];
  return { dominator, retained };
}
