import type { BabelTypes as t, NodePath } from './babel-types.js';
import type { ModuleStyle } from './codegen/runtime-refs.js';
import type { ResolvedOptions } from './options.js';

// The free variables of a CommonJS module body.
const COMMONJS_GLOBALS = ['require', 'module', 'exports'];

/**
 * Whether compiled code should `import` or `require` the runtime. An `import` in a CommonJS file that
 * nothing later converts would break it, and a `require` in an ES module has no `require` to call.
 */
export function moduleStyleFor(program: NodePath<t.Program>, options: ResolvedOptions): ModuleStyle {
  if (options.moduleStyle !== 'auto') return options.moduleStyle;
  if (program.node.sourceType === 'script') return 'require';
  const hasModuleSyntax = program.node.body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportNamedDeclaration' ||
      statement.type === 'ExportDefaultDeclaration' ||
      statement.type === 'ExportAllDeclaration',
  );
  if (hasModuleSyntax) return 'import';
  // A file that reaches for `require`, `module` or `exports` without declaring them is CommonJS.
  // Scope analysis, unlike a text search, is not fooled by comments, strings or `obj.require()`.
  const globals = program.scope.globals;
  return COMMONJS_GLOBALS.some((name) => Object.hasOwn(globals, name)) ? 'require' : 'import';
}
