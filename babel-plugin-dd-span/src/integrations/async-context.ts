import type { BabelTypes as t, Node, NodePath } from '../babel-types.js';
import { globalCallee } from './globals.js';
import { onOrSettings, type OptionCheck } from './option-checks.js';
import type { Integration, IntegrationDefinition } from './types.js';

/** Settings of the async-context integration (`integrations: { asyncContext: { … } }`); each family defaults to on. */
export interface AsyncContextSettings {
  /** `setTimeout`, `setInterval`, `setImmediate`, `queueMicrotask`, `requestAnimationFrame`, `requestIdleCallback`. */
  readonly timers?: boolean;
  /** `.then(…)`, `.catch(…)`, `.finally(…)`. */
  readonly promises?: boolean;
  /** `.addEventListener(type, listener)` with a listener written in place. */
  readonly events?: boolean;
}

const KEYS = ['timers', 'promises', 'events'] as const;
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback']);
// The callback arguments of each promise method.
const PROMISE_CALLBACKS: Readonly<Record<string, readonly number[]>> = { then: [0, 1], catch: [0], finally: [0] };
const LISTENER = [1];
const MAY_SCHEDULE = /\b(?:setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame|requestIdleCallback|then|catch|finally|addEventListener)\b/;

// What cannot be a callback: the runtime would pass it through anyway, so it is left as written.
const NOT_CALLBACKS = new Set([
  'StringLiteral',
  'NumericLiteral',
  'BigIntLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'RegExpLiteral',
  'TemplateLiteral',
  'SpreadElement',
  'ArgumentPlaceholder',
  'JSXNamespacedName',
]);

// `_ddBind(_ddFrame, cb)`, from this plugin's earlier run over the same code.
function isBound(node: Node): boolean {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && /^_ddBind\d*$/.test(node.callee.name);
}

/**
 * A listener can be wrapped only where nothing else can hold the function itself: written in place,
 * and not naming itself (`function h() { el.removeEventListener('x', h) }`) nor reaching itself
 * through `arguments.callee`. `removeEventListener` with the function the caller holds then keeps
 * working, and adding the same listener twice still adds it once.
 */
function isAnonymousListener(listener: NodePath): boolean {
  if (listener.isArrowFunctionExpression()) return true;
  if (!listener.isFunctionExpression()) return false;
  const name = listener.node.id?.name;
  if (name !== undefined && listener.scope.getBinding(name)?.referenced === true) return false;
  let callee = false;
  listener.traverse({
    MemberExpression(member) {
      const { object, property } = member.node;
      if (object.type === 'Identifier' && object.name === 'arguments' && property.type === 'Identifier' && property.name === 'callee') {
        callee = true;
        member.stop();
      }
    },
  });
  return !callee;
}

function callbackPositions(call: NodePath<t.CallExpression>, settings: Required<AsyncContextSettings>): readonly number[] {
  if (settings.timers && globalCallee(call, TIMERS) !== null) return [0];
  const callee = call.node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return [];
  const method = callee.property.name;
  if (settings.promises && Object.hasOwn(PROMISE_CALLBACKS, method)) return PROMISE_CALLBACKS[method]!;
  if (settings.events && method === 'addEventListener') {
    const listener = call.get('arguments')[1];
    return listener !== undefined && isAnonymousListener(listener) ? LISTENER : [];
  }
  return [];
}

function create(settings: Required<AsyncContextSettings>): Integration {
  return {
    name: 'asyncContext',
    reach: 'instrumented',
    mayApply: (code) => MAY_SCHEDULE.test(code),
    find(call, { ignored }) {
      const args = call.node.arguments;
      const firstSpread = args.findIndex((argument) => argument.type === 'SpreadElement');
      const positions = callbackPositions(call, settings).filter((index) => {
        const argument = args[index];
        return (
          argument !== undefined &&
          (firstSpread === -1 || index < firstSpread) &&
          !NOT_CALLBACKS.has(argument.type) &&
          !(argument.type === 'Identifier' && argument.name === 'undefined') &&
          !isBound(argument) &&
          !ignored.covers(argument)
        );
      });
      if (positions.length === 0) return null;
      const node = call.node;
      // `setTimeout(cb, 10)` becomes `setTimeout(_ddBind(_ddFrame, cb), 10)`: `cb` is evaluated where
      // it was, and the runtime wraps it (or, untraced, returns it as it is). `bind` is a named export
      // of the runtime, so that bundles of code that hands no callback over leave it out.
      return ({ t, refs }) => {
        for (const index of positions) {
          node.arguments[index] = t.callExpression(refs.named('bind'), [refs.frameRef(), node.arguments[index] as t.Expression]);
        }
      };
    },
  };
}

/**
 * Callbacks that an instrumented function hands to timers, promises and event targets run with its
 * span as the active context (see dd-span-runtime's integrations/bind.ts).
 */
export const asyncContextIntegration: IntegrationDefinition = {
  name: 'asyncContext',
  resolve(value: unknown, check: OptionCheck, path: string) {
    const settings = onOrSettings(value, check, path, KEYS, (raw) => {
      const family = (key: (typeof KEYS)[number]) => (raw[key] === undefined ? true : check.boolean(raw[key], `${path}.${key}`));
      return { timers: family('timers'), promises: family('promises'), events: family('events') };
    });
    return settings === null ? null : create(settings);
  },
};
