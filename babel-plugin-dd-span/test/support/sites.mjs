// Reads back what compiled code declares, so that tests can assert on which functions were
// instrumented and with which name and tags, without matching printed text.
import { babel } from './babel.mjs';

const isRuntimeCall = (node, entry) =>
  node.type === 'CallExpression' &&
  node.callee.type === 'MemberExpression' &&
  node.callee.object.type === 'Identifier' &&
  node.callee.object.name.startsWith('_ddSpan') &&
  node.callee.property.type === 'Identifier' &&
  node.callee.property.name === entry;

/**
 * The sites compiled `code` declares, in order, each `{ name, tags }` with `tags` the flat
 * `key, value` list given to the runtime, and `functions`: how many function bodies start a span.
 */
export function instrumentation(code, parserOpts = {}) {
  const ast = babel.parseSync(code, { babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts });
  const sites = [];
  let functions = 0;
  babel.traverse(ast, {
    CallExpression({ node }) {
      if (isRuntimeCall(node, 'site')) {
        const [name, tags] = node.arguments;
        sites.push({ name: name.value, tags: tags.elements.map((element) => element.value) });
      } else if (isRuntimeCall(node, 'start')) {
        functions++;
      }
    },
  });
  return { sites, functions };
}

/** The names of the sites compiled `code` declares, in order. */
export function siteNames(code, parserOpts) {
  return instrumentation(code, parserOpts).sites.map((site) => site.name);
}
