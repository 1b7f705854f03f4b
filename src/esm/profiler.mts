export * from '../profiler/index.js';
