import type { BabelTypes as t, NodePath, PluginPass, Types } from './babel-types.js';
import { instrumentProgram, type FileLike } from './instrument-program.js';
import { resolveOptions, type PluginOptions } from './options.js';

export { resolveOptions, integrationNames, type PluginOptions, type ResolvedOptions } from './options.js';
export type { AsyncContextSettings, FetchSettings } from './integrations/index.js';
export { OptionCheck, describe as describeOptionValue } from './integrations/option-checks.js';
export type { DirectiveWarning } from './warnings.js';
export { parseDirectiveArguments, type DirectiveArgument } from './directive-arguments.js';
export { recognize, type Recognized } from './directive-recognition.js';

/** The part of Babel's plugin API this plugin uses, identical in Babel 7 and 8. */
export interface PluginAPI {
  readonly types: Types;
  assertVersion(range: string): void;
}

/**
 * babel-plugin-dd-span: `//dd:span key:value …` above a function opens a span around every call of
 * it; `//orchestrion:ignore` turns instrumentation off for the code it stands before.
 */
export default function ddSpanPlugin(api: PluginAPI, rawOptions: PluginOptions) {
  api.assertVersion('^7.22.0 || ^8.0.0-0');
  const options = resolveOptions(rawOptions);
  const t = api.types;
  return {
    name: 'dd-span',
    visitor: {
      Program: {
        enter(program: NodePath<t.Program>, pass: PluginPass) {
          instrumentProgram(t, program, pass.file as unknown as FileLike, options);
        },
      },
    },
  };
}
