/** The error fields every tracer records, as dd-trace names them. */
export interface ErrorDescription {
  /** `error.type`: the error's `name`, or for a thrown non-Error its `typeof`. */
  readonly type: string;
  /** `error.message`: the error's message, or the string form of a thrown non-Error. */
  readonly message: string;
  /** `error.stack`, when there is one. */
  readonly stack: string | undefined;
}

const objectToString = Object.prototype.toString;

/** True for Error instances, including ones from another realm. Never throws (revoked proxies). */
export function isError(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  try {
    return value instanceof Error || objectToString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

// Every read below may run a user's getter or proxy trap, so each one is guarded on its own:
// a throwing `stack` getter still leaves the name and message.
function read(value: object, key: 'name' | 'message' | 'stack'): string | undefined {
  try {
    const field = (value as Record<string, unknown>)[key];
    return field == null ? undefined : safeString(field);
  } catch {
    return undefined;
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return objectToString.call(value);
    } catch {
      return '[unprintable]';
    }
  }
}

/** Describes any thrown, rejected or returned value without running code that could throw out of here. */
export function describeError(value: unknown): ErrorDescription {
  if (isError(value)) {
    const error = value as object;
    return {
      type: read(error, 'name') ?? 'Error',
      message: read(error, 'message') ?? '',
      stack: read(error, 'stack'),
    };
  }
  return { type: value === null ? 'null' : typeof value, message: safeString(value), stack: undefined };
}
