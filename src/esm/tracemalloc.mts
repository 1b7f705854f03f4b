export * from '../tracemalloc/index.js';
