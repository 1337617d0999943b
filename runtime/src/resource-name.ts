/**
 * When a span's `resource.name` can be left out of what goes to Datadog over OTLP: Datadog's OTLP
 * intake names a span's resource after `http.*`, `messaging.*`, `rpc.*`, `graphql.*` and `db.*`
 * attributes when there are any, and after the span name otherwise (GetOTelResourceV2 in
 * datadog-agent's pkg/trace/traceutil). Leaving it out spares one attribute per span.
 */
const RESOURCE_DERIVING_PREFIXES = ['http.', 'messaging.', 'rpc.', 'graphql.', 'db.'];

/** Whether an attribute with this key makes the intake derive the resource from it. */
function derivesResource(key: string): boolean {
  for (const prefix of RESOURCE_DERIVING_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/** Whether the intake arrives at `resource` on its own for a span named `name` with these tags. */
export function resourceIsImplied(name: string, resource: string, tags: Readonly<Record<string, string>>): boolean {
  return resource === name && !Object.keys(tags).some(derivesResource);
}
