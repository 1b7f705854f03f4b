// Python's fnmatch.fnmatch on POSIX (os.path.normcase is the identity there): *, ?, [seq], [!seq],
// ported from CPython 3.11's fnmatch.translate step by step, including how it repairs what a
// regular expression would reject: empty ranges such as [z-a] are dropped, [] never matches,
// [!] matches any character, a '-' next to another range is a literal. The regular expression is
// then written for JavaScript (flag u: a character is a code point, as in Python) with every
// literal as a \u{...} escape, so no character needs JavaScript's own escaping rules.

const cache = new Map<string, RegExp>();

const STAR = Symbol('star');
type Piece = string | typeof STAR;

const literal = (c: string): string => (/^[A-Za-z0-9_]$/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`);

/** A set in Python's syntax (after translate's escaping) as a JavaScript class; sre_parse's reading. */
function pythonSetToClass(stuff: string): string {
  const chars = [...stuff];
  let i = 0;
  let negate = false;
  if (chars[0] === '^') {
    negate = true;
    i = 1;
  }
  const next = (): string => (chars[i] === '\\' ? chars[(i += 2) - 1] : chars[i++]);
  let out = '';
  while (i < chars.length) {
    const low = next();
    if (chars[i] === '-' && i + 1 < chars.length) {
      i++;
      const high = next();
      if (high.codePointAt(0)! < low.codePointAt(0)!) throw new SyntaxError(`bad character range ${low}-${high}`);
      out += `${literal(low)}-${literal(high)}`;
    } else {
      out += literal(low);
    }
  }
  return `[${negate ? '^' : ''}${out}]`;
}

/** The pieces of fnmatch.translate's first pass: STAR, '.', sets, escaped literals. */
function pieces(pattern: string): Piece[] {
  const pat = [...pattern]; // code points, as Python indexes a str
  const text = (from: number, to: number) => pat.slice(from, to).join('');
  const res: Piece[] = [];
  const n = pat.length;
  let i = 0;
  while (i < n) {
    const c = pat[i++];
    if (c === '*') {
      if (res.length === 0 || res[res.length - 1] !== STAR) res.push(STAR);
    } else if (c === '?') {
      res.push('.');
    } else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j++;
      if (j < n && pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) {
        res.push(literal('['));
        continue;
      }
      let stuff = text(i, j);
      if (!stuff.includes('-')) {
        stuff = stuff.replaceAll('\\', '\\\\');
      } else {
        const chunks: string[][] = [];
        let k = pat[i] === '!' ? i + 2 : i + 1;
        for (;;) {
          k = pat.indexOf('-', k);
          if (k < 0 || k >= j) break;
          chunks.push(pat.slice(i, k));
          i = k + 1;
          k += 3;
        }
        const chunk = pat.slice(i, j);
        if (chunk.length > 0) chunks.push(chunk);
        else chunks[chunks.length - 1].push('-');
        // Remove empty ranges: invalid in a regular expression.
        for (let m = chunks.length - 1; m > 0; m--) {
          if (chunks[m - 1].at(-1)!.codePointAt(0)! > chunks[m][0].codePointAt(0)!) {
            chunks[m - 1] = [...chunks[m - 1].slice(0, -1), ...chunks[m].slice(1)];
            chunks.splice(m, 1);
          }
        }
        stuff = chunks.map((s) => s.join('').replaceAll('\\', '\\\\').replaceAll('-', '\\-')).join('-');
      }
      stuff = stuff.replace(/[&~|]/g, '\\$&');
      i = j + 1;
      if (!stuff) res.push('(?!)');
      else if (stuff === '!') res.push('.');
      else if (stuff[0] === '!') res.push(pythonSetToClass(`^${stuff.slice(1)}`));
      else if (stuff[0] === '^' || stuff[0] === '[') res.push(pythonSetToClass(`\\${stuff}`));
      else res.push(pythonSetToClass(stuff));
    } else {
      res.push(literal(c));
    }
  }
  return res;
}

/**
 * fnmatch.translate as a JavaScript source: `*` and `?` also match `/`, a lone `[` is literal.
 * Python's atomic group (?>.*?fixed) is written (?=(.*?fixed))\N, its usual JavaScript form.
 */
export function translate(pattern: string): string {
  const inp = pieces(pattern);
  let out = '';
  let i = 0;
  let group = 0;
  while (i < inp.length && inp[i] !== STAR) out += inp[i++] as string;
  while (i < inp.length) {
    i++; // a STAR
    let fixed = '';
    while (i < inp.length && inp[i] !== STAR) fixed += inp[i++] as string;
    if (i === inp.length) out += `.*${fixed}`;
    else out += `(?=(.*?${fixed}))\\${++group}`;
  }
  return `^(?:${out})$`;
}

export function fnmatch(name: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = new RegExp(translate(pattern), 'su');
    cache.set(pattern, re);
  }
  return re.test(name);
}
