export * from '../psutil/index.js';
