// Types only: at run time the plugin uses the `types` and `template` objects Babel hands it, so a
// second copy of @babel/types can never mix into the AST.
import type * as BabelTypes from '@babel/types';
import type { NodePath, PluginPass } from '@babel/core';

export type { BabelTypes, NodePath, PluginPass };
export type Node = BabelTypes.Node;
/** The `types` namespace Babel passes to plugins (`api.types`). */
export type Types = typeof BabelTypes;

/** One step from the program down to a node: the node, and where it sits in its parent. */
export interface Step {
  readonly node: Node;
  readonly parent: Node | null;
  readonly key: string | null;
  /** The array holding the node, when it sits in one (statement lists, arguments, class members). */
  readonly container: Node[] | null;
  readonly index: number;
}

/** The chain of steps from the program to a node, the node last. */
export type Ancestry = readonly Step[];

/** The node an ancestry ends at. */
export function last(ancestry: Ancestry): Step {
  return ancestry[ancestry.length - 1]!;
}
