// The metric client libraries are optional peers: required on first use, with a one-line hint when missing.

/** require(name), or an Error saying what to install when it is missing. */
export function optionalPeer<T>(name: string, neededBy: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    const missing = new Error(`${neededBy} needs the optional package '${name}': npm install ${name}`);
    (missing as NodeJS.ErrnoException).code = 'MODULE_NOT_FOUND';
    throw missing;
  }
}
