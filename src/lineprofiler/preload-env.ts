// How `memkit profile` passes its options to the script's process (read by preload.ts).
export const BACKEND_ENV = 'MEMKIT_PROFILE_BACKEND';
export const PRECISION_ENV = 'MEMKIT_PROFILE_PRECISION';
