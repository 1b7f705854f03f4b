export * from '../index.js';
import memkit from '../index.js';
// The CommonJS module's own default (one frozen object of every name), not its module.exports.
export default memkit.default;
