import type { BabelTypes as t } from './babel-types.js';
import type { ModuleStyle } from './codegen/runtime-refs.js';
import type { ResolvedOptions } from './options.js';

const COMMONJS_USE = /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]/;

/**
 * Whether compiled code should `import` or `require` the runtime. An `import` in a CommonJS file that
 * nothing later converts would break it, and a `require` in an ES module has no `require` to call.
 */
export function moduleStyleFor(program: t.Program, code: string, options: ResolvedOptions): ModuleStyle {
  if (options.moduleStyle !== 'auto') return options.moduleStyle;
  if (program.sourceType === 'script') return 'require';
  const hasModuleSyntax = program.body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportNamedDeclaration' ||
      statement.type === 'ExportDefaultDeclaration' ||
      statement.type === 'ExportAllDeclaration',
  );
  if (hasModuleSyntax) return 'import';
  return COMMONJS_USE.test(code) ? 'require' : 'import';
}
