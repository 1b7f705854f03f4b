// Where breakpoint conditions and Runtime.evaluate find memkit: a non-enumerable property of
// the Array constructor, reached as `[].constructor[KEY]`. A condition runs in the scope of the
// paused frame, where any identifier (globalThis, Symbol, a global name) may be a user's local;
// an array literal always reaches this realm's own Array.
const HOOK_KEY = 'memkit:lineprofiler:hit';
const VALUE_KEY = 'memkit:lineprofiler:value';

/** Called with a location's id by its breakpoint, with -1 - id by its calibration twin. */
export type HitHook = (locationId: number) => false;

export function installHook(hook: HitHook): void {
  Object.defineProperty(Array, HOOK_KEY, { value: hook, configurable: true, enumerable: false, writable: false });
}

export function removeHook(): void {
  delete (Array as unknown as Record<string, unknown>)[HOOK_KEY];
}

/** The breakpoint condition for a location: calls the hook, which answers false (never pause). */
export function conditionFor(locationId: number): string {
  return `[].constructor[${JSON.stringify(HOOK_KEY)}](${locationId})`;
}

export function twinConditionFor(locationId: number): string {
  return conditionFor(-1 - locationId);
}

/** The location a twin's hook call is for; undefined for a real breakpoint's call. */
export function twinLocationOf(hookArgument: number): number | undefined {
  return hookArgument < 0 ? -1 - hookArgument : undefined;
}

/** Exposes one value to Runtime.evaluate for the duration of `use`. */
export function withExposedValue<T>(value: unknown, use: (expression: string) => T): T {
  Object.defineProperty(Array, VALUE_KEY, { value, configurable: true, enumerable: false });
  try {
    return use(`[].constructor[${JSON.stringify(VALUE_KEY)}]`);
  } finally {
    delete (Array as unknown as Record<string, unknown>)[VALUE_KEY];
  }
}
