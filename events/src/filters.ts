import type { Attributes, Filter } from "./routing-types.ts";

/**
 * Knative Trigger `spec.filters` (the CloudEvents Subscriptions API dialects), evaluated exactly as
 * Knative Eventing does, so the in-process bus, the Kafka dispatcher and the real Broker route alike.
 * Knative: pkg/eventfilter/subscriptionsapi (exact/prefix/suffix/all/any/not filters) and
 * pkg/eventfilter/filter.go (tri-state results), https://knative.dev/docs/eventing/triggers/
 *
 * Each filter gives pass, fail or "no filter" (nothing to decide): a list is an AND, `any` an OR,
 * and "no filter" is neutral in both; `not` swaps pass and fail and leaves "no filter" alone. An
 * attribute the event lacks fails exact/prefix/suffix. Everything neutral means deliver.
 */
export type FilterResult = "pass" | "fail" | "none";

/** Event attributes as filters see them: context attributes and extensions, values as strings. */
export type EventAttributes = Readonly<Record<string, string | undefined>>;

function and(x: FilterResult, y: FilterResult): FilterResult {
  if (x === "none") return y;
  if (y === "none") return x;
  return x === "pass" && y === "pass" ? "pass" : "fail";
}

function or(x: FilterResult, y: FilterResult): FilterResult {
  if (x === "none") return y;
  if (y === "none") return x;
  return x === "pass" || y === "pass" ? "pass" : "fail";
}

function compare(map: Attributes, attributes: EventAttributes, test: (value: string, wanted: string) => boolean): FilterResult {
  const entries = Object.entries(map);
  if (entries.length === 0) return "none";
  for (const [name, wanted] of entries) {
    const value = attributes[name];
    if (value === undefined || !test(value, wanted)) return "fail";
  }
  return "pass";
}

/** Evaluates one filter expression to pass, fail or none. */
export function evaluateFilter(filter: Filter, attributes: EventAttributes): FilterResult {
  if ("exact" in filter) return compare(filter.exact, attributes, (v, w) => v === w);
  if ("prefix" in filter) return compare(filter.prefix, attributes, (v, w) => v.startsWith(w));
  if ("suffix" in filter) return compare(filter.suffix, attributes, (v, w) => v.endsWith(w));
  if ("all" in filter) return evaluateAll(filter.all, attributes);
  if ("any" in filter) {
    let result: FilterResult = "none";
    for (const f of filter.any) {
      result = or(result, evaluateFilter(f, attributes));
      if (result === "pass") return "pass";
    }
    return result;
  }
  if ("not" in filter) {
    const inner = evaluateFilter(filter.not, attributes);
    return inner === "pass" ? "fail" : inner === "fail" ? "pass" : "none";
  }
  return "none";
}

function evaluateAll(filters: readonly Filter[], attributes: EventAttributes): FilterResult {
  let result: FilterResult = "none";
  for (const f of filters) {
    result = and(result, evaluateFilter(f, attributes));
    if (result === "fail") return "fail";
  }
  return result;
}

/**
 * Whether an event with these attributes is delivered to a Trigger with these filters.
 *
 * @example
 * matchesFilters([{ exact: { type: EventTypes.periodClosed } }], { type: event.type, subject: event.subject })
 */
export function matchesFilters(filters: readonly Filter[], attributes: EventAttributes): boolean {
  return evaluateAll(filters, attributes) !== "fail";
}

/**
 * The filter attributes of an event: its string-valued context attributes and extensions (`data`
 * excluded). Non-string extension values are stringified the way Knative compares them.
 */
export function filterAttributesOf(event: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event)) {
    if (k === "data" || k === "data_base64" || v === undefined || v === null) continue;
    out[k] = typeof v === "string" ? v : String(v);
  }
  return out;
}
