/**
 * The caller-side integrations, in the order they are applied. Adding one: see "Adding an
 * integration" in docs/DESIGN.md.
 */
import { asyncContextIntegration } from './async-context.js';
import { fetchIntegration } from './fetch.js';
import type { IntegrationDefinition } from './types.js';

export const INTEGRATIONS: readonly IntegrationDefinition[] = [fetchIntegration, asyncContextIntegration];

export type { AsyncContextSettings } from './async-context.js';
export type { FetchSettings } from './fetch.js';
export type { ApplyContext, FindContext, Integration, IntegrationDefinition, Rewrite } from './types.js';
