/**
 * The metric names a PromQL expression reads: identifiers before a selector or range that are not
 * functions, keywords or label names. Histogram series (`_bucket`, `_count`, `_sum`) name their family.
 */
export function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, "{}").replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const names = new Set<string>();
  for (const m of withoutLabels.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b\s*(?=\{|\[|\)|$|\s|,|[-+*/><=!])/g)) {
    const id = m[1]!;
    if (PROMQL_WORDS.has(id) || /^\d/.test(id)) continue;
    names.add(id.replace(/_(bucket|count|sum)$/, ""));
  }
  return [...names];
}

/** Functions, aggregations and keywords of PromQL, which look like metric names to a scanner. */
const PROMQL_WORDS = new Set([
  "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
  "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "histogram_quantile", "vector", "scalar",
  "abs", "absent", "absent_over_time", "ceil", "floor", "round", "clamp_min", "clamp_max", "time", "timestamp",
  "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "last_over_time", "changes", "resets",
  "label_replace", "label_join", "sort", "sort_desc", "and", "or", "unless", "by", "without", "on", "ignoring",
  "group_left", "group_right", "bool", "offset", "inf", "nan",
]);
