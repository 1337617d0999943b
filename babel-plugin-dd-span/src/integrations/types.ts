import type { BabelTypes as t, NodePath, Types } from '../babel-types.js';
import type { RuntimeRefs } from '../codegen/runtime-refs.js';
import type { IgnoredRanges } from '../ignore.js';
import type { OptionCheck } from './option-checks.js';

/**
 * One caller-side integration, as registered in `index.ts`: its key under the `integrations`
 * option, and how that option's value becomes the integration at work.
 */
export interface IntegrationDefinition {
  readonly name: string;
  /** `value` is the option as written (`true`, `false`, an object of settings); `null` means off. */
  resolve(value: unknown, check: OptionCheck, path: string): Integration | null;
}

/** An integration at work, for one plugin configuration. */
export interface Integration {
  readonly name: string;
  /**
   * Where its calls are looked for: `anywhere` in the file (the caller side of a library), or only in
   * the bodies of the functions the file instruments (`instrumented`), where a span's frame exists.
   */
  readonly reach: 'anywhere' | 'instrumented';
  /**
   * A cheap test of a text: can a call it rewrites be there? Made on the file's text before any
   * traversal, then on each call's callee as written followed by `(` (`window.fetch(`), so it must
   * accept that much of any call it rewrites.
   */
  mayApply(code: string): boolean;
  /**
   * Read-only: the rewrite of `call` this integration makes, or `null`. It is only offered calls
   * that no `//orchestrion:ignore` covers; `find.ignored` answers for the call's own parts.
   */
  find(call: NodePath<t.CallExpression>, find: FindContext): Rewrite | null;
}

export interface FindContext {
  readonly ignored: IgnoredRanges;
}

/** Applied after every integration and directive has been found, before function bodies are rewritten. */
export type Rewrite = (apply: ApplyContext) => void;

export interface ApplyContext {
  readonly t: Types;
  readonly refs: RuntimeRefs;
}
