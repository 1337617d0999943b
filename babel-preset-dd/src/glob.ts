/**
 * Globs, compiled to regular expressions. Matched against paths with `/` separators:
 *
 * - `*` any run of characters within one path segment; `?` one character within a segment;
 * - `**` as a whole segment: any number of segments, none included (`src/**`, `**\/*.test.js`);
 * - `[abc]`, `[a-z]`, `[!abc]`: one character of (or not of) a set, never `/`;
 * - `{a,b}`: either alternative (alternatives may hold globs, and nest);
 * - `\` makes the next character literal; every other character matches itself (dots included, so
 *   `*` also matches names that start with a dot).
 */

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
const escape = (text: string): string => text.replace(REGEXP_SPECIAL, '\\$&');

class GlobCompiler {
  private at = 0;

  constructor(private readonly glob: string) {}

  compile(): string {
    return this.sequence(false);
  }

  // Up to the end, or inside braces up to the `,` or `}` that ends the alternative.
  private sequence(inBraces: boolean): string {
    const glob = this.glob;
    let out = '';
    while (this.at < glob.length) {
      const char = glob[this.at]!;
      if (inBraces && (char === ',' || char === '}')) return out;
      if (char === '\\') {
        this.at++;
        if (this.at < glob.length) out += escape(glob[this.at++]!);
      } else if (char === '*') {
        out += this.star(inBraces);
      } else if (char === '?') {
        out += '[^/]';
        this.at++;
      } else if (char === '[') {
        out += this.characterClass();
      } else if (char === '{') {
        out += this.alternatives();
      } else {
        out += escape(char);
        this.at++;
      }
    }
    return out;
  }

  private star(inBraces: boolean): string {
    const glob = this.glob;
    const start = this.at;
    let end = start;
    while (glob[end] === '*') end++;
    this.at = end;
    const next = glob[end];
    const segmentStart = start === 0 || glob[start - 1] === '/' || glob[start - 1] === '{' || glob[start - 1] === ',';
    const segmentEnd = next === undefined || next === '/' || (inBraces && (next === ',' || next === '}'));
    if (end - start < 2 || !segmentStart || !segmentEnd) return '[^/]*';
    if (next === '/') {
      this.at++;
      return '(?:[^/]*/)*';
    }
    return '.*';
  }

  private characterClass(): string {
    const glob = this.glob;
    let end = this.at + 1;
    const negated = glob[end] === '!' || glob[end] === '^';
    if (negated) end++;
    if (glob[end] === ']') end++;
    while (end < glob.length && glob[end] !== ']') end++;
    if (end >= glob.length) {
      this.at++;
      return '\\[';
    }
    const body = glob.slice(this.at + (negated ? 2 : 1), end).replace(/[\\\]^[]/g, '\\$&');
    this.at = end + 1;
    return negated ? `[^/${body}]` : `(?!/)[${body}]`;
  }

  private alternatives(): string {
    const open = this.at;
    this.at++;
    const options: string[] = [];
    for (;;) {
      options.push(this.sequence(true));
      const char = this.glob[this.at];
      this.at++;
      if (char === '}') return `(?:${options.join('|')})`;
      if (char !== ',') break;
    }
    // No closing brace: the `{` was a character like any other.
    this.at = open + 1;
    return '\\{';
  }
}

/**
 * A RegExp for `glob` that matches a path it names, and every path under a directory it names
 * (`src` matches `src/app.js`, as Babel's own `only` and `ignore` do).
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^(?:${new GlobCompiler(glob).compile()})(?:/.*)?$`);
}
