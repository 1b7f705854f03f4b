// psutil's process status strings. The order is memkit.h's ProcState, which the addon reports.
export const STATUS_RUNNING = 'running';
export const STATUS_SLEEPING = 'sleeping';
export const STATUS_DISK_SLEEP = 'disk-sleep';
export const STATUS_STOPPED = 'stopped';
export const STATUS_TRACING_STOP = 'tracing-stop';
export const STATUS_ZOMBIE = 'zombie';
export const STATUS_DEAD = 'dead';
export const STATUS_WAKE_KILL = 'wake-kill';
export const STATUS_WAKING = 'waking';
export const STATUS_IDLE = 'idle';
export const STATUS_LOCKED = 'locked';
export const STATUS_WAITING = 'waiting';
export const STATUS_PARKED = 'parked';
/** psutil's name for a state it has no name for. */
export const STATUS_UNKNOWN = '?';

export const PROC_STATES = [
  STATUS_RUNNING, STATUS_SLEEPING, STATUS_DISK_SLEEP, STATUS_STOPPED, STATUS_TRACING_STOP,
  STATUS_ZOMBIE, STATUS_DEAD, STATUS_WAKE_KILL, STATUS_WAKING, STATUS_IDLE, STATUS_LOCKED,
  STATUS_WAITING, STATUS_PARKED, STATUS_UNKNOWN,
] as const;

export type ProcessStatus = (typeof PROC_STATES)[number];
