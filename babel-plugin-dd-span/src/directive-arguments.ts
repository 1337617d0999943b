/** One `key:value` argument of a directive, exactly as Orchestrion parses it. */
export interface DirectiveArgument {
  readonly key: string;
  readonly value: string;
}

const SPACE = ' ';
const DOUBLE = '"';
const SINGLE = "'";

// Orchestrion splits on ASCII space only; a quote character toggles quoting unless the other kind
// of quote is open. There are no escapes.
function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let open: string | null = null;
  for (const char of text) {
    if (open === null && char === SPACE) {
      if (current !== '') tokens.push(current);
      current = '';
      continue;
    }
    if (char === DOUBLE || char === SINGLE) {
      if (open === null) open = char;
      else if (open === char) open = null;
    }
    current += char;
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

// Surrounding quotes go only when the value starts and ends with the same quote character. A value
// that is one lone quote keeps it (Orchestrion's Go code would index out of range here).
function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    if ((first === DOUBLE || first === SINGLE) && value[value.length - 1] === first) {
      return value.slice(1, -1);
    }
  }
  return value;
}

/**
 * Parses the text after the directive name: `span.name:root resource.name:"GET /" standalone`.
 * Each token splits at its first `:`; a token without one is a key with an empty value. Never throws.
 */
export function parseDirectiveArguments(text: string): DirectiveArgument[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return splitTokens(trimmed).map((token) => {
    const colon = token.indexOf(':');
    if (colon === -1) return { key: token, value: '' };
    return { key: token.slice(0, colon), value: unquote(token.slice(colon + 1)) };
  });
}
