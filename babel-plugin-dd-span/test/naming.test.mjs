// Span names and tags (issue 2 §3): span.name > declared name > first non-empty argument value >
// the name JavaScript infers > "anonymous"; `function-name` only for declared functions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compile } from './support/babel.mjs';
import { instrumentation } from './support/sites.mjs';

const CASES = [
  // [what it shows, source, expected name, expected tags]
  ['span.name wins over the declared name', '//dd:span team:a span.name:custom\nfunction f() {}', 'custom', ['function-name', 'f', 'team', 'a']],
  ['the first span.name wins', '//dd:span span.name:one span.name:two\nfunction f() {}', 'one', ['function-name', 'f']],
  ['an empty span.name counts as none', '//dd:span span.name:\nconst f = () => {};', 'f', []],
  ['the declared name wins over argument values', '//dd:span team:a\nfunction f() {}', 'f', ['function-name', 'f', 'team', 'a']],
  ['a named function expression declares its name', '//dd:span\nconst f = function g() {};', 'g', ['function-name', 'g']],
  ['a method declares its name only, without its class', 'class C {\n  //dd:span\n  m() {}\n}', 'm', ['function-name', 'm']],
  ['a static method too', 'class C {\n  //dd:span\n  static m() {}\n}', 'm', ['function-name', 'm']],
  ['a private method keeps its #', 'class C {\n  //dd:span\n  #m() {}\n}', '#m', ['function-name', '#m']],
  ['an object method declares its name', 'const o = {\n  //dd:span\n  m() {}\n};', 'm', ['function-name', 'm']],
  ['a constructor is named after its class', 'class C {\n  //dd:span\n  constructor() {}\n}', 'C', ['function-name', 'C']],
  ['a constructor of an anonymous class after the inferred class name', 'const K = class {\n  //dd:span\n  constructor() {}\n};', 'K', ['function-name', 'K']],
  ['the first non-empty argument value wins over the inferred name', '//dd:span flag route:/users team:a\nconst f = () => {};', '/users', ['flag', '', 'route', '/users', 'team', 'a']],
  ['a declarator names its arrow', '//dd:span flag\nconst handler = () => {};', 'handler', ['flag', '']],
  ['a property names its function', 'const o = {\n  //dd:span\n  save: () => {},\n};', 'save', []],
  ['a class field names its arrow', 'class C {\n  //dd:span\n  onClick = () => {};\n}', 'onClick', []],
  ['an assignment to a member names its function', '//dd:span\nobj.save = function () {};', 'save', []],
  ['a default parameter names its arrow', 'function f(\n  //dd:span\n  callback = () => {},\n) {}', 'callback', []],
  ['export default names an anonymous function "default"', '//dd:span\nexport default () => {};', 'default', []],
  ['a call argument has no name', 'run(\n  //dd:span\n  () => {},\n);', 'anonymous', []],
  ['a computed key has no name', 'const o = {\n  //dd:span\n  [key]() {},\n};', 'anonymous', []],
  ['duplicate tags all reach the site, in order: the last one wins there', '//dd:span tier:a tier:b\nfunction f() {}', 'f', ['function-name', 'f', 'tier', 'a', 'tier', 'b']],
  ['reserved keys stay tags for the runtime to promote', '//dd:span resource.name:"GET /" service.name:web span.type:http\nfunction f() {}', 'f', ['function-name', 'f', 'resource.name', 'GET /', 'service.name', 'web', 'span.type', 'http']],
  // A class-level directive's arguments are shared by every member: a field is named by its key,
  // like a method, not by the class's first argument value.
  ['a class-level directive names a field by its key', '//dd:span team:store\nclass C {\n  m() {}\n  onClick = () => {};\n}', ['m', 'onClick'], [['function-name', 'm', 'team', 'store'], ['team', 'store']]],
  ['a class-level span.name names every member', '//dd:span span.name:store\nclass C {\n  m() {}\n  n() {}\n}', ['store', 'store'], [['function-name', 'm'], ['function-name', 'n']]],
];

describe('span names and tags', () => {
  for (const [behaviour, source, name, tags] of CASES) {
    test(behaviour, () => {
      const { sites } = instrumentation(compile(source).code);
      const names = Array.isArray(name) ? name : [name];
      const tagLists = Array.isArray(name) ? tags : [tags];
      assert.deepEqual(sites, names.map((siteName, index) => ({ name: siteName, tags: tagLists[index] })));
    });
  }
});
