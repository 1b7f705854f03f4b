// The names instrumented code and the runtime agree on (transform.ts writes them, code.ts
// answers them).

/** The global through which instrumented modules reach the runtime. */
export const RUNTIME_KEY = 'memkit.lineprofiler.instrument';
/** Each instrumented module's own handle on the runtime (a module-scope variable). */
export const MODULE = '$memkit$';
/** Each instrumented call's frame (a function-scope constant). */
export const FRAME = '$mk$';
/** How each instrumented function's frame opening starts. */
export const FRAME_OPENING = `const ${FRAME}=${MODULE}.e(`;

/**
 * What the runtime knows of one profiled function: its table's heading and rows, and where its
 * own frame opening is in the function's text (which tells a function wrapped at run time that
 * it is this one).
 */
export type CodeMeta = [name: string, filename: string, firstLine: number, lastLine: number, auto: boolean, openingOffset: number];
