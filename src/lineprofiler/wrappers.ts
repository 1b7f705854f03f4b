// memkit's wrappers (proxies, which have no source of their own) and the functions they wrap.
const wrapped = new WeakMap<Function, Function>();

export function registerWrapper<F extends Function>(wrapper: F, target: Function): F {
  wrapped.set(wrapper, target);
  return wrapper;
}

/** The function a memkit wrapper wraps; any other function itself. */
export function unwrap(fn: Function): Function {
  return wrapped.get(fn) ?? fn;
}
