// How `memkit profile` passes its options to the script's process (read by preload.ts), and
// how a program started with `--import memkit/profile` is given them.
export const BACKEND_ENV = 'MEMKIT_PROFILE_BACKEND';
export const PRECISION_ENV = 'MEMKIT_PROFILE_PRECISION';
/** --function: the globs of the functions profiled without a wrapper, comma-separated */
export const FUNCTIONS_ENV = 'MEMKIT_PROFILE_FUNCTIONS';
