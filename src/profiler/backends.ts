// The memory measures memkit samples (memory_profiler's backends), with no addon import so
// that option parsing can name them before the addon is loaded.
export type Backend = 'rss' | 'uss' | 'pss';
export const BACKENDS: readonly Backend[] = ['rss', 'uss', 'pss'];
