import type { BuildDefaults } from './codegen/runtime-refs.js';
import { INTEGRATIONS, type AsyncContextSettings, type FetchSettings, type Integration } from './integrations/index.js';
import { describe, OptionCheck } from './integrations/option-checks.js';

/** Options of babel-plugin-dd-span. */
export interface PluginOptions {
  /** The module specifier compiled code imports the runtime from. Default `"dd-span-runtime"`. */
  runtime?: string;
  /**
   * How compiled code reaches the runtime: `"import"`, `"require"`, or `"auto"` (the default):
   * `require` for scripts and for files that use `require`/`module.exports` and no `import`/`export`.
   */
  moduleStyle?: 'auto' | 'import' | 'require';
  /**
   * Inlined into compiled code for the runtime's built-in tracers to fall back on, where there is no
   * process environment at run time (browsers): a directive's `service.name`, then `DD_SERVICE` (or
   * `configure({ service })`) at run time, win over it. babel-preset-dd defaults it to `DD_SERVICE`
   * at build time.
   */
  service?: string;
  /** Like `service`, for the `env` tag (`DD_ENV`). */
  env?: string;
  /** Like `service`, for the `version` tag (`DD_VERSION`). */
  version?: string;
  /** The caller-side integrations, each `true`, `false` or its settings. The plugin alone enables none. */
  integrations?: {
    fetch?: boolean | FetchSettings;
    asyncContext?: boolean | AsyncContextSettings;
  };
}

/** Options after validation, with defaults applied. */
export interface ResolvedOptions {
  readonly runtime: string;
  readonly moduleStyle: 'auto' | 'import' | 'require';
  readonly defaults: BuildDefaults;
  /** The integrations turned on, in application order. */
  readonly integrations: readonly Integration[];
}

const KEYS = ['runtime', 'moduleStyle', 'service', 'env', 'version', 'integrations'] as const;
const MODULE_STYLES = ['auto', 'import', 'require'] as const;

/** The names of the integrations, as keys of the `integrations` option. */
export const integrationNames: readonly string[] = INTEGRATIONS.map((integration) => integration.name);

function resolveIntegrations(value: unknown, check: OptionCheck): Integration[] {
  if (value === undefined) return [];
  const given = check.object(value, 'integrations', integrationNames, 'integration');
  const active: Integration[] = [];
  for (const definition of INTEGRATIONS) {
    const option = given[definition.name];
    if (option === undefined) continue;
    const integration = definition.resolve(option, check, `integrations.${definition.name}`);
    if (integration !== null) active.push(integration);
  }
  return active;
}

/**
 * Validates options in one place, with "did you mean …?" for unknown keys. Throws a clear error on
 * bad input, starting with `owner` (babel-preset-dd checks the options it hands on with its own name).
 */
export function resolveOptions(raw: unknown, owner = 'babel-plugin-dd-span'): ResolvedOptions {
  // Typed explicitly: TypeScript narrows after a `never`-returning method only then.
  const check: OptionCheck = new OptionCheck(owner);
  const options = check.object(raw ?? {}, '', KEYS);
  const runtime: unknown = options.runtime ?? 'dd-span-runtime';
  if (typeof runtime !== 'string' || runtime === '') {
    check.fail(`option \`runtime\` must be a non-empty module specifier string, got ${describe(runtime)}.`);
  }
  const moduleStyle = options.moduleStyle ?? 'auto';
  if (!(MODULE_STYLES as readonly unknown[]).includes(moduleStyle)) {
    check.fail(`option \`moduleStyle\` must be one of ${MODULE_STYLES.map((s) => `"${s}"`).join(', ')}, got ${describe(moduleStyle)}.`);
  }
  const defaults: BuildDefaults = {
    service: check.optionalString(options.service, 'service', 'the service name'),
    env: check.optionalString(options.env, 'env', 'the environment, such as "prod"'),
    version: check.optionalString(options.version, 'version', "the application's version"),
  };
  return {
    runtime,
    moduleStyle: moduleStyle as ResolvedOptions['moduleStyle'],
    defaults,
    integrations: resolveIntegrations(options.integrations, check),
  };
}
