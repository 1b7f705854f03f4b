export * from '../resource.js';
