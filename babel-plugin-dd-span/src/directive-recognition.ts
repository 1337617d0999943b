import { parseDirectiveArguments, type DirectiveArgument } from './directive-arguments.js';
import { closest, editDistance } from './suggest.js';

/** A comment as every Babel version gives it. */
export interface CommentLike {
  readonly type: 'CommentLine' | 'CommentBlock';
  readonly value: string;
  readonly start?: number | null;
  readonly end?: number | null;
  readonly loc?: unknown;
}

/** What one comment means to us. */
export type Recognized =
  | { readonly kind: 'span'; readonly args: DirectiveArgument[] }
  | { readonly kind: 'ignore'; readonly legacy: boolean }
  | { readonly kind: 'near-miss'; readonly message: string }
  | { readonly kind: 'none' };

const SPAN = 'dd:span';
const IGNORE = 'orchestrion:ignore';
const LEGACY_IGNORE = 'dd:ignore';

// A directive name is followed by the end of the comment or by whitespace (`//dd:span2` is not one).
function startsWithDirective(text: string, name: string): boolean {
  return text.startsWith(name) && (text.length === name.length || /\s/.test(text[name.length]!));
}

// Anything that looks meant as one of our directives but is not: `// dd:span`, `/* dd:span */`,
// `/** dd:span */`, `//dd:spam`, `//dd:span:x`, `//orchestrion:ignored`. Anchored at the start, so
// prose such as "add:spanner" or "see dd:span" stays out.
const LOOKS_LIKE_DIRECTIVE = /^[\s*]*((?:dd|orchestrion):\S+)/;
const KNOWN = ['dd:span', 'orchestrion:ignore', 'dd:ignore'];

// The directive the writer most likely meant: the one their word starts with, else the closest; never
// the deprecated spelling.
function meant(written: string): string {
  const known = KNOWN.find((name) => written.startsWith(name)) ?? closest(written, KNOWN);
  return known === LEGACY_IGNORE ? IGNORE : known;
}

// Close enough to a directive to be a mistake for one: it starts with a directive's name (`dd:span2`,
// `orchestrion:ignored`) or is a typo away from one (`dd:spam`). Real code has other `dd:` words in
// comments (dd-trace's diagnostic channel names, `// dd:testSuiteStart …`) that are no mistake.
const MAX_TYPOS = 2;
const isNearMiss = (written: string): boolean =>
  KNOWN.some((name) => written.startsWith(name) || editDistance(written, name) <= MAX_TYPOS);

function nearMiss(comment: CommentLike): Recognized {
  const match = LOOKS_LIKE_DIRECTIVE.exec(comment.value);
  if (match === null || !isNearMiss(match[1]!)) return { kind: 'none' };
  const written = match[1]!;
  if (comment.type === 'CommentBlock') {
    return {
      kind: 'near-miss',
      message: `\`/*${comment.value}*/\` is a block comment, so it is not a directive. Write it as a line comment: \`//${meant(written)}\`.`,
    };
  }
  if (!comment.value.startsWith(written)) {
    return {
      kind: 'near-miss',
      message: `\`//${comment.value}\` is not a directive because of the space after \`//\`. Did you mean \`//${meant(written)}\`?`,
    };
  }
  return {
    kind: 'near-miss',
    message: `\`//${written}\` is not a known directive. Did you mean \`//${meant(written)}\`?`,
  };
}

/** Classifies one comment, exactly as Orchestrion recognises directives, plus near misses worth a warning. */
export function recognize(comment: CommentLike): Recognized {
  if (comment.type === 'CommentLine') {
    const text = comment.value;
    if (startsWithDirective(text, SPAN)) return { kind: 'span', args: parseDirectiveArguments(text.slice(SPAN.length)) };
    if (startsWithDirective(text, IGNORE)) return { kind: 'ignore', legacy: false };
    if (startsWithDirective(text, LEGACY_IGNORE)) return { kind: 'ignore', legacy: true };
  }
  return nearMiss(comment);
}

/** A cheap test on the whole source: can it hold anything `recognize` cares about? */
export function mayHoldDirectives(code: string): boolean {
  return code.includes('dd:') || code.includes('orchestrion:');
}
