// memkit: Python's memory-debugging toolbox for Node.js.
export * from './resource.js';
export { StructSeq } from './structseq.js';
