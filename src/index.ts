// memkit: Python's memory-debugging toolbox for Node.js.
export * from './resource.js';
export * from './psutil/index.js';
export { StructSeq } from './structseq.js';

import * as psutil from './psutil/index.js';
import * as resource from './resource.js';
import { StructSeq } from './structseq.js';

/** `import memkit from 'memkit'`: every name above on one frozen object. */
const memkit = Object.freeze({ ...resource, ...psutil, StructSeq });
export default memkit;
