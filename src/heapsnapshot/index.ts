// Reusable V8 heap snapshot access: streaming parser, typed-array graph, dominators.
export { HeapSnapshotGraph, type HeapSnapshotColumns, type SnapshotMeta } from './graph.js';
export { HeapSnapshotParser, parseHeapSnapshot } from './parser.js';
export { postSync, takeHeapSnapshot } from './inspector.js';
export { dominators, type DominatorOptions, type Dominators } from './dominators.js';
