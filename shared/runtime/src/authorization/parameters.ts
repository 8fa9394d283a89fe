import type { Operation } from "./function-apps.ts";

/** A path or query parameter of an operation, and whether its value has a form (pattern, enum, number, format). */
export type Parameter = { name: string; in: "path" | "query"; constrained: boolean; numeric: boolean };

type Schema = { type?: string; pattern?: string; enum?: unknown[]; format?: string; minimum?: number; maximum?: number; anyOf?: Schema[]; allOf?: Schema[] };
type OpenApiDoc = { paths?: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: Schema }[] }>> };

const hasForm = (s: Schema | undefined): boolean =>
  !!s && (s.pattern !== undefined || s.enum !== undefined || s.format !== undefined || s.type === "number" || s.type === "integer" || (s.anyOf ?? s.allOf ?? []).some(hasForm));

const isNumber = (s: Schema | undefined): boolean => !!s && (s.type === "number" || s.type === "integer" || (s.anyOf ?? s.allOf ?? []).some(isNumber));

/** The parameters each documented operation declares, by `METHOD path` (Hono path syntax). */
export function documentedParameters(doc: OpenApiDoc): Map<string, Parameter[]> {
  const found = new Map<string, Parameter[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []).filter((p) => p.in === "path" || p.in === "query");
      found.set(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`, params.map((p) => ({ name: p.name, in: p.in as "path" | "query", constrained: hasForm(p.schema), numeric: isNumber(p.schema) })));
    }
  }
  return found;
}

/**
 * The parameters of an operation: the documented ones, else its path's (an undocumented path
 * parameter is held to having a form: the route must parse it).
 */
export function parametersOf(op: Operation, documented: Map<string, Parameter[]>): Parameter[] {
  const listed = documented.get(`${op.method} ${op.path}`);
  if (listed) return listed;
  return [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: "path" as const, constrained: true, numeric: false }));
}

/** `probePath` (a concrete path of `op`, maybe with a query) with one parameter set to `value`. */
export function withParameter(op: Operation, probePath: string, param: Parameter, value: string): string {
  const [path, query = ""] = probePath.split("?");
  if (param.in === "path") {
    const index = op.path.split("/").indexOf(`:${param.name}`);
    const segments = path.split("/");
    segments[index] = encodeURIComponent(value);
    return `${segments.join("/")}${query ? `?${query}` : ""}`;
  }
  const search = new URLSearchParams(query);
  search.set(param.name, value);
  return `${path}?${search.toString()}`;
}

/**
 * Values no parameter with a form accepts: none of the project's patterns allows `~`; numbers also get
 * one past PostgreSQL's integer (a safe JavaScript integer, so only a bound catches it), one past any
 * safe integer, and a fraction.
 */
export const malformedValues = (param: Parameter): string[] => (param.numeric ? ["~bad~", "2147483648", "99999999999999999999", "1.5"] : ["~bad~"]);
