export * from '../sizeof/index.js';
