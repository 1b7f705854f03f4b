// Python's fnmatch.fnmatch on POSIX (os.path.normcase is the identity there): *, ?, [seq], [!seq].

const cache = new Map<string, RegExp>();

const escapeRegExp = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** fnmatch.translate: `*` and `?` also match `/`, a lone `[` is literal. */
export function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i++];
    if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      let j = i;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
      } else {
        let body = pattern.slice(i, j);
        i = j + 1;
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        const inner = body.replace(/[\\\]\[^]/g, '\\$&');
        out += `[${negate ? '^' : ''}${inner}]`;
      }
    } else {
      out += escapeRegExp(c);
    }
  }
  return `^(?:${out})$`;
}

export function fnmatch(name: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = new RegExp(translate(pattern), 's');
    cache.set(pattern, re);
  }
  return re.test(name);
}
