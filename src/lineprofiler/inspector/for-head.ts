// Finds the condition of a classic `for (init; condition; update)` head written on one line.
// When the body is on other lines, each turn enters the head's line at the update and goes on
// to the condition, so a breakpoint on the condition adds a hit per turn and no line event: it
// is left out. (With the body on the head's line, the condition is where each turn starts.)

const OPEN = '([{';
const CLOSE = ')]}';

/** Columns of the two semicolons and the closing parenthesis of the head; undefined if not found. */
export function forCondition(line: string): { start: number; end: number; close: number } | undefined {
  const head = /\bfor\s*\(/.exec(line);
  if (head === null) return undefined;
  const semicolons: number[] = [];
  let depth = 1;
  let quote: string | undefined;
  for (let i = head.index + head[0].length; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (OPEN.includes(c)) {
      depth += 1;
    } else if (CLOSE.includes(c)) {
      depth -= 1;
      if (depth === 0) return semicolons.length === 2 ? { start: semicolons[0], end: semicolons[1], close: i } : undefined;
    } else if (c === ';' && depth === 1) {
      semicolons.push(i);
    }
  }
  return undefined;
}
