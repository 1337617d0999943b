import type { BabelTypes as t, Types } from '../babel-types.js';
import { globalCallee } from './globals.js';
import { describe, onOrSettings, type OptionCheck } from './option-checks.js';
import type { Integration, IntegrationDefinition } from './types.js';

/** Settings of the fetch integration (`integrations: { fetch: { … } }`). */
export interface FetchSettings {
  /**
   * URLs whose requests carry trace headers besides the page's own origin, as in Datadog RUM's
   * `allowedTracingUrls`: a string matches the URLs it starts, a RegExp those it matches. Functions
   * cannot be inlined into compiled code: give them at run time, to `configureFetch`.
   */
  readonly allowedTracingUrls?: ReadonlyArray<string | RegExp>;
  /** Keep the query string in the `http.url` tag. Default false. */
  readonly keepQueryString?: boolean;
}

const KEYS = ['allowedTracingUrls', 'keepQueryString'];
const FETCH = new Set(['fetch']);
// Every call `find` accepts spells `fetch` and then `(`, so a file without this is skipped unread.
const MAY_CALL_FETCH = /\bfetch\s*\(/;

// The settings as the runtime reads them, once per file; `defaults` is the file's service, env and version.
function optionsLiteral(t: Types, settings: Required<FetchSettings>, defaults: t.Identifier | null): t.ObjectExpression {
  const properties: t.ObjectProperty[] = [];
  if (settings.allowedTracingUrls.length > 0) {
    const matchers = settings.allowedTracingUrls.map((matcher) =>
      typeof matcher === 'string' ? t.stringLiteral(matcher) : t.regExpLiteral(matcher.source, matcher.flags),
    );
    properties.push(t.objectProperty(t.identifier('allowedTracingUrls'), t.arrayExpression(matchers)));
  }
  if (settings.keepQueryString) properties.push(t.objectProperty(t.identifier('keepQueryString'), t.booleanLiteral(true)));
  if (defaults !== null) properties.push(t.objectProperty(t.identifier('defaults'), defaults));
  return t.objectExpression(properties);
}

function create(settings: Required<FetchSettings>): Integration {
  return {
    name: 'fetch',
    reach: 'anywhere',
    mayApply: (code) => MAY_CALL_FETCH.test(code),
    find(call) {
      const global = globalCallee(call, FETCH);
      // `fetch(?)` (partial application) has no argument list to hand on.
      if (global === null || call.node.arguments.some((argument) => argument.type === 'ArgumentPlaceholder')) return null;
      const node = call.node;
      // `fetch(a, b)` becomes `tracedFetch(options, fetch, void 0, [a, b])`, and `window.fetch(a)`
      // becomes `tracedFetch(options, window.fetch, window, [a])`: the function is read, then the
      // arguments evaluated, in the original order, and the call keeps its receiver.
      return ({ t, refs }) => {
        const options = refs.declareOnce('fetch', 'ddFetchOptions', () => optionsLiteral(t, settings, refs.defaultsRef()));
        const receiver = global.receiver === null ? t.unaryExpression('void', t.numericLiteral(0)) : t.identifier(global.receiver);
        const args = t.arrayExpression(node.arguments as Array<t.Expression | t.SpreadElement>);
        node.arguments = [options, node.callee as t.Expression, receiver, args];
        node.callee = refs.named('tracedFetch');
      };
    },
  };
}

/** `fetch(…)` on the global becomes a client span `http.request` (see dd-span-runtime's integrations/fetch.ts). */
export const fetchIntegration: IntegrationDefinition = {
  name: 'fetch',
  resolve(value: unknown, check: OptionCheck, path: string) {
    const settings = onOrSettings(value, check, path, KEYS, (raw): Required<FetchSettings> => {
      const urls: unknown = raw.allowedTracingUrls ?? [];
      const urlsPath = `${path}.allowedTracingUrls`;
      if (!Array.isArray(urls)) check.fail(`option \`${urlsPath}\` must be an array of strings and RegExps, got ${describe(urls)}.`);
      urls.forEach((matcher: unknown, index: number) => {
        if (typeof matcher === 'function') {
          check.fail(
            `option \`${urlsPath}\`[${index}] is a function, which cannot be inlined into compiled code. ` +
              "Give functions at run time instead: `configureFetch({ allowedTracingUrls: [...] })` from 'dd-span-runtime'.",
          );
        }
        if (typeof matcher !== 'string' && !(matcher instanceof RegExp)) {
          check.fail(`option \`${urlsPath}\`[${index}] must be a string or a RegExp, got ${describe(matcher)}.`);
        }
      });
      const keepQueryString = raw.keepQueryString === undefined ? false : check.boolean(raw.keepQueryString, `${path}.keepQueryString`);
      return { allowedTracingUrls: urls as Array<string | RegExp>, keepQueryString };
    });
    return settings === null ? null : create(settings);
  },
};
