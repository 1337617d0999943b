import type { Node } from './babel-types.js';

/**
 * The subtrees under `//orchestrion:ignore`. This is the one place that answers "is this node
 * ignored?": every rewrite and every integration asks it, and none re-derives the answer.
 */
export class IgnoredRanges {
  private readonly ranges: Array<readonly [number, number]> = [];

  /** Marks `node` and everything inside it as ignored. */
  add(node: Node): void {
    if (typeof node.start === 'number' && typeof node.end === 'number') this.ranges.push([node.start, node.end]);
  }

  /** True when `node` lies inside an ignored subtree. Generated nodes (no position) are never ignored themselves. */
  covers(node: Node): boolean {
    const start = node.start;
    const end = node.end;
    if (typeof start !== 'number' || typeof end !== 'number') return false;
    for (const [from, to] of this.ranges) if (from <= start && end <= to) return true;
    return false;
  }

  /** True when no ignore directive applies anywhere in the file. */
  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }
}
