import { last, type Ancestry, type Node, type Step, type Types } from './babel-types.js';
import type { CommentLike } from './directive-recognition.js';

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * Finds the code a comment stands before, by position rather than through `leadingComments`, which
 * are missing when a parser does not attach comments (`attachComment: false`, Flow/Hermes in Metro)
 * and move when other plugins remove nodes.
 */
export class Locator {
  private readonly comments: readonly CommentLike[];
  // Read once: `t`'s members are getters.
  private readonly visitorKeys: Types['VISITOR_KEYS'];

  constructor(
    t: Types,
    private readonly program: Node,
    private readonly code: string,
    comments: readonly CommentLike[],
  ) {
    this.comments = [...comments].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    this.visitorKeys = t.VISITOR_KEYS;
  }

  /**
   * The outermost node that starts right after `comment`, with only white space and other comments
   * between them, as an ancestry from the program. `null` when code of another kind comes first (a
   * closing bracket, an operator) or nothing follows.
   */
  nodeAfter(comment: CommentLike): Ancestry | null {
    const from = comment.end;
    if (typeof from !== 'number') return null;
    const path: Step[] = [{ node: this.program, parent: null, key: null, container: null, index: -1 }];
    const found = this.descend(path, from);
    if (found === null) return null;
    if (!this.onlyTriviaBetween(from, last(found).node.start!)) return null;
    return found;
  }

  /**
   * True when only white space stands before `comment` on its line. A directive after code on the
   * same line belongs to that code's line, as in Go, where such a comment ends the previous node
   * rather than starting the next one.
   */
  standsOnOwnLine(comment: CommentLike): boolean {
    if (this.code === '' || typeof comment.start !== 'number') return true;
    for (let position = comment.start - 1; position >= 0; position--) {
      const char = this.code[position]!;
      if (LINE_TERMINATOR.test(char)) return true;
      if (!/\s/.test(char)) return false;
    }
    return true;
  }

  // Depth-first along the only branch that can hold the first node starting at or after `offset`.
  private descend(path: Step[], offset: number): Step[] | null {
    const parent = path[path.length - 1]!.node;
    const children = this.childrenByPosition(parent);
    for (const child of children) {
      const { node } = child;
      // Nodes we generated carry no position; they may wrap original ones, so look inside.
      if (typeof node.start !== 'number' || typeof node.end !== 'number') {
        const inside = this.descend([...path, child], offset);
        if (inside !== null) return inside;
        continue;
      }
      if (node.end <= offset) continue;
      if (node.start >= offset) return [...path, child];
      const inside = this.descend([...path, child], offset);
      if (inside !== null) return inside;
    }
    return null;
  }

  // Every directive's search descends from the program, so the children of a node near the top (a
  // module body, the function body of a UMD bundle) are listed once per file, not once per directive.
  private readonly children = new WeakMap<Node, Step[]>();

  private childrenByPosition(parent: Node): Step[] {
    let steps = this.children.get(parent);
    if (steps === undefined) {
      steps = this.listChildren(parent);
      this.children.set(parent, steps);
    }
    return steps;
  }

  private listChildren(parent: Node): Step[] {
    const keys = this.visitorKeys[parent.type] ?? [];
    const steps: Step[] = [];
    for (const key of keys) {
      const value = (parent as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        value.forEach((node: Node | null, index) => {
          if (node) steps.push({ node, parent, key, container: value as Node[], index });
        });
      } else if (value && typeof (value as Node).type === 'string') {
        steps.push({ node: value as Node, parent, key, container: null, index: -1 });
      }
    }
    // Visitor-key order is not always source order (decorators, for one).
    return steps.sort((a, b) => this.effectiveStart(a.node) - this.effectiveStart(b.node));
  }

  private readonly starts = new WeakMap<Node, number>();

  // A generated node (a second pass over our own output) sorts where the first original node inside it stands.
  private effectiveStart(node: Node): number {
    if (typeof node.start === 'number') return node.start;
    let start = this.starts.get(node);
    if (start === undefined) {
      start = Infinity;
      for (const child of this.childrenByPosition(node)) start = Math.min(start, this.effectiveStart(child.node));
      this.starts.set(node, start);
    }
    return start;
  }

  private onlyTriviaBetween(from: number, to: number): boolean {
    // Without source text (an AST handed to transformFromAst), positions are all we have.
    if (this.code === '') return true;
    let position = from;
    let next = this.firstCommentAtOrAfter(position);
    while (position < to) {
      const comment = this.comments[next];
      if (comment !== undefined && comment.start === position) {
        position = comment.end!;
        next++;
        continue;
      }
      if (!/\s/.test(this.code[position]!)) return false;
      position++;
      if (comment !== undefined && comment.start! < position) next = this.firstCommentAtOrAfter(position);
    }
    return true;
  }

  private firstCommentAtOrAfter(position: number): number {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.comments[middle]!.start ?? 0) < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
