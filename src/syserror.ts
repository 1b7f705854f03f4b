// Errors shaped like Node's system errors: `code`, negative `errno` and `syscall`.
import { getSystemErrorMap } from 'node:util';

export type SystemError = Error & { code: string; errno: number; syscall: string };

/** `errno` is the positive C errno; the error carries Node's negative one. */
export function systemError(errno: number, syscall: string, message?: string, Base: ErrorConstructor = Error): SystemError {
  const [code, description] = getSystemErrorMap().get(-errno) ?? [`Unknown system error ${errno}`, 'unknown error'];
  const error = new Base(message ?? `${code}: ${description}, ${syscall}`) as SystemError;
  error.code = code;
  error.errno = -errno;
  error.syscall = syscall;
  return error;
}
