import type { CommentLike } from './directive-recognition.js';

/** A warning about a directive, with the code frame that shows where it is. */
export interface DirectiveWarning {
  readonly message: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The message with its code frame, as printed. */
  readonly formatted: string;
}

interface FileLike {
  readonly opts: { filename?: string | null };
  buildCodeFrameError(node: unknown, message: string): Error;
  readonly metadata: object;
}

type Located = { loc?: { start?: { line?: number; column?: number } } | null };

let legacyIgnoreWarned = false;

/**
 * Collects warnings for one file and, on `report()`, prints them in source order (a warning never
 * stops the build) and records them in `file.metadata.ddSpan.warnings`, where tools and tests read them.
 */
export class Warnings {
  private readonly list: DirectiveWarning[] = [];

  constructor(private readonly file: FileLike) {
    (file.metadata as { ddSpan?: unknown }).ddSpan = { warnings: this.list };
  }

  add(at: CommentLike, message: string): void {
    const text = `babel-plugin-dd-span: ${message}`;
    // Named like Babel's own errors, `file: message` then the frame: a warning in a build log must
    // say which file it is about.
    const where = `${this.file.opts.filename ?? 'unknown file'}: `;
    let formatted: string;
    try {
      formatted = where + this.file.buildCodeFrameError(at, text).message;
    } catch {
      formatted = where + text;
    }
    const start = (at as Located).loc?.start;
    this.list.push({ message, line: start?.line, column: start?.column, formatted });
  }

  report(): void {
    const position = (warning: DirectiveWarning) => [warning.line ?? Infinity, warning.column ?? Infinity] as const;
    // A stable sort: warnings about one comment keep the order they were given in.
    this.list.sort((a, b) => position(a)[0] - position(b)[0] || position(a)[1] - position(b)[1]);
    for (const warning of this.list) console.warn(warning.formatted);
  }

  /** `//dd:ignore` still works, but says once per process that it is deprecated. */
  legacyIgnore(at: CommentLike): void {
    if (legacyIgnoreWarned) return;
    legacyIgnoreWarned = true;
    this.add(at, '`//dd:ignore` is deprecated; write `//orchestrion:ignore` instead (this warning is shown once).');
  }
}
