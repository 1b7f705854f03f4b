// memkit: Python's memory-debugging toolbox for Node.js.
export * from './resource.js';
export * from './psutil/index.js';
export { StructSeq } from './structseq.js';
