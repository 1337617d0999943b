/**
 * A Node built-in module, or `undefined` outside Node. Reached through `process.getBuiltinModule`
 * (Node >= 20.16) rather than a static import, so that the CommonJS and ESM builds share one way in
 * and browser bundles never see a `node:` specifier. Never throws.
 */
export function nodeBuiltin<Module>(id: string): Module | undefined {
  try {
    return (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(id) as Module | undefined;
  } catch {
    return undefined;
  }
}

/** A CommonJS `require`, with the cache every `require` of the process shares. */
export type NodeRequire = ((id: string) => unknown) & { cache?: Record<string, { exports?: unknown } | undefined> };

/** A `require` that resolves from the app's working directory, as the app's own code would; `undefined` outside Node. */
export function requireFromApp(): NodeRequire | undefined {
  return nodeBuiltin<{ createRequire(filename: string): NodeRequire }>('node:module')?.createRequire(`${process.cwd()}/`);
}
