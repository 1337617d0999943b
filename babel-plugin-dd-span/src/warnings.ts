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
 * Collects warnings for one file: prints each (a warning never stops the build) and records it in
 * `file.metadata.ddSpan.warnings`, where tools and tests can read it.
 */
export class Warnings {
  private readonly list: DirectiveWarning[] = [];

  constructor(private readonly file: FileLike) {
    (file.metadata as { ddSpan?: unknown }).ddSpan = { warnings: this.list };
  }

  add(at: CommentLike, message: string): void {
    const text = `babel-plugin-dd-span: ${message}`;
    let formatted: string;
    try {
      formatted = this.file.buildCodeFrameError(at, text).message;
    } catch {
      formatted = `${this.file.opts.filename ?? 'unknown file'}: ${text}`;
    }
    const start = (at as Located).loc?.start;
    this.list.push({ message, line: start?.line, column: start?.column, formatted });
    console.warn(formatted);
  }

  /** `//dd:ignore` still works, but says once per process that it is deprecated. */
  legacyIgnore(at: CommentLike): void {
    if (legacyIgnoreWarned) return;
    legacyIgnoreWarned = true;
    this.add(at, '`//dd:ignore` is deprecated; write `//orchestrion:ignore` instead (this warning is shown once).');
  }
}
