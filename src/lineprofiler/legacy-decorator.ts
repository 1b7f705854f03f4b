// profile() as exported: profile.ts's forms (a function, standard decorators) plus TypeScript's
// legacy decorators (`experimentalDecorators`, still the default of many frameworks). Those call
// a method decorator with (prototype or class, name, descriptor) and expect a descriptor back,
// and a class decorator with the constructor alone (which profile.ts already takes). A legacy
// decorator on a field or accessor has nothing to profile: it throws rather than do nothing.
import type { ProfileOptions } from './options.js';
import { profile as profileStandard, type Decorator as StandardDecorator } from './profile.js';

type LegacyMethodDecorator = <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>) => TypedPropertyDescriptor<T>;

/** What `profile(options)` returns: usable as a standard or a legacy decorator. */
export type Decorator = StandardDecorator & LegacyMethodDecorator;

const isTarget = (value: unknown): value is object => value !== null && (typeof value === 'object' || typeof value === 'function');
const isKey = (value: unknown): value is string | symbol => typeof value === 'string' || typeof value === 'symbol';

/** The arguments of a legacy member decorator call, or null for any other call. */
function legacyMember(args: readonly unknown[]): { key: string | symbol; descriptor: PropertyDescriptor | undefined } | null {
  const [target, key, descriptor] = args;
  if (args.length < 2 || args.length > 3 || !isTarget(target) || !isKey(key)) return null;
  // profile(fn, 'x') is a bad options argument, for profile.ts to report as such.
  if (typeof target === 'function' && descriptor === undefined) return null;
  if (descriptor !== undefined && !isTarget(descriptor)) return null;
  return { key, descriptor: descriptor as PropertyDescriptor | undefined };
}

function profileMember({ key, descriptor }: NonNullable<ReturnType<typeof legacyMember>>, wrap: (fn: Function) => Function): PropertyDescriptor {
  if (descriptor === undefined || typeof descriptor.value !== 'function') {
    throw new TypeError(`@profile decorates functions, methods and classes; ${String(key)} is a field or accessor`);
  }
  return { ...descriptor, value: wrap(descriptor.value) };
}

export function profile<F extends Function>(fn: F, options?: ProfileOptions): F;
export function profile<F extends Function>(fn: F, context: { readonly kind: string }): F;
export function profile<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
export function profile(options?: ProfileOptions): Decorator;
export function profile(...args: unknown[]): unknown {
  const member = legacyMember(args);
  if (member !== null) return profileMember(member, (fn) => profileStandard(fn));
  const result = (profileStandard as (...all: unknown[]) => unknown)(...args);
  if (typeof args[0] === 'function') return result;
  const decorator = result as StandardDecorator;
  return (...inner: unknown[]) => {
    const innerMember = legacyMember(inner);
    if (innerMember !== null) return profileMember(innerMember, (fn) => decorator(fn));
    return (decorator as (...all: unknown[]) => unknown)(...inner);
  };
}
