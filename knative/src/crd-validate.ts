import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/**
 * Strict validation of manifests against the Knative CRDs' OpenAPI schemas (../shared/schemas/knative/).
 * A CRD schema alone lets unknown fields through; the API server prunes them silently, so a misspelt
 * field would vanish in production. Here an object schema rejects unknown fields
 * (`additionalProperties: false`) unless the CRD marks it `x-kubernetes-preserve-unknown-fields` or
 * gives it a map schema, exactly where the API server would keep them.
 */
export type SchemaNode = Record<string, unknown>;
/**
 * `crd`: unknown fields rejected wherever the CRD does not preserve them (the API server's own rule).
 * `declared`: stricter, every field must be declared in the CRD, except the experimental fields below.
 */
export type StrictMode = "crd" | "declared";

/**
 * Fields Knative accepts behind a feature flag without declaring them in the CRD schema (the CRD
 * preserves unknown fields there for this reason): `delivery.timeout`, the delivery-timeout feature,
 * https://knative.dev/docs/eventing/features/delivery-timeout/
 */
export const experimentalFields: Readonly<Record<string, readonly string[][]>> = {
  Trigger: [["spec", "delivery", "timeout"]],
  Broker: [["spec", "delivery", "timeout"]],
};

export type CrdValidationError = { kind: string; name: string; path: string; message: string };

const INT32 = { minimum: -2147483648, maximum: 2147483647 };
const K8S_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/** Kubernetes ObjectMeta as manifests may set it (a hand schema: it is not part of any CRD file). */
export const objectMetaSchema: SchemaNode = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", pattern: K8S_NAME, maxLength: 253 },
    namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 },
    labels: { type: "object", additionalProperties: { type: "string", maxLength: 63 } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
  },
};

/** Core v1 ConfigMap (no CRD exists for it): string data only, nothing else. */
export const configMapSchema: SchemaNode = {
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata", "data"],
  properties: {
    apiVersion: { const: "v1" },
    kind: { const: "ConfigMap" },
    metadata: objectMetaSchema,
    data: { type: "object", additionalProperties: { type: "string" }, propertyNames: { pattern: "^[-._a-zA-Z0-9]+$" } },
    immutable: { type: "boolean" },
  },
};

/**
 * Makes a CRD schema node strict, recursively: drops the `x-kubernetes-*` extensions Ajv does not
 * know, turns int32 formats into bounds, and closes objects the API server would prune.
 */
export function strictify(node: SchemaNode, mode: StrictMode = "crd"): SchemaNode {
  const recurse = (n: SchemaNode) => strictify(n, mode);
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-kubernetes-") || key === "format" || key === "description") continue;
    if (key === "properties") out.properties = mapValues(value as Record<string, SchemaNode>, recurse);
    else if (key === "items" || key === "not") out[key] = recurse(value as SchemaNode);
    else if (key === "additionalProperties" && typeof value === "object") out[key] = recurse(value as SchemaNode);
    else if (key === "anyOf" || key === "allOf" || key === "oneOf") out[key] = (value as SchemaNode[]).map(recurse);
    else out[key] = value;
  }
  if (node.format === "int32") Object.assign(out, INT32);
  // "declared" mode also closes objects that preserve unknown fields but declare their properties
  // (Trigger spec, delivery): only truly free-form maps (filter dialects, selectors) stay open.
  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true && (mode === "crd" || node.properties === undefined);
  const isObject = node.type === "object" || (node.properties !== undefined && node.type === undefined);
  if (isObject && !preserve && node.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function declareString(root: SchemaNode, path: readonly string[]): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node.properties as Record<string, SchemaNode>)[key]!;
  (node.properties as Record<string, SchemaNode>)[path.at(-1)!] = { type: "string" };
}

function mapValues<T, U>(record: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

type Crd = { spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: SchemaNode } }[] } };

/** The strict document schema of one CRD version: its spec, plus apiVersion/kind/metadata; no status. */
export function documentSchema(crd: Crd, version: string, mode: StrictMode = "crd"): SchemaNode {
  const v = crd.spec.versions.find((x) => x.name === version);
  if (!v) throw new Error(`${crd.spec.names.kind} has no version ${version}`);
  const root = strictify(v.schema.openAPIV3Schema, mode);
  if (mode === "declared") for (const path of experimentalFields[crd.spec.names.kind] ?? []) declareString(root, path);
  const { status: _status, ...properties } = (root.properties ?? {}) as Record<string, SchemaNode>;
  return {
    ...root,
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      ...properties,
      apiVersion: { const: `${crd.spec.group}/${version}` },
      kind: { const: crd.spec.names.kind },
      metadata: objectMetaSchema,
    },
  };
}

/** Where the reference CRDs sit: `../shared/schemas/knative` from the repo root. */
export const crdDir = join(import.meta.dirname, "..", "..", "..", "shared", "schemas", "knative");
export const hasCrds = existsSync(crdDir);

/**
 * A validator for every served version of every CRD in `dir`, keyed `apiVersion|kind`, plus ConfigMap.
 * Ajv runs in strict mode, so a keyword it does not know (a leftover CRD extension) is an error too.
 */
export function createValidator(mode: StrictMode = "crd", dir = crdDir): (doc: unknown) => CrdValidationError[] {
  const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  const byKey = new Map<string, ValidateFunction>([["v1|ConfigMap", ajv.compile(configMapSchema)]]);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    const crd = parse(readFileSync(join(dir, file), "utf8")) as Crd;
    for (const v of crd.spec.versions) {
      byKey.set(`${crd.spec.group}/${v.name}|${crd.spec.names.kind}`, ajv.compile(documentSchema(crd, v.name, mode)));
    }
  }
  return (doc: unknown) => {
    const d = (doc ?? {}) as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
    const kind = String(d.kind);
    const name = String(d.metadata?.name);
    const validate = byKey.get(`${d.apiVersion}|${d.kind}`);
    if (!validate) return [{ kind, name, path: "", message: `no schema for ${d.apiVersion} ${d.kind}` }];
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e: ErrorObject) => ({ kind, name, path: e.instancePath || "/", message: describe(e) }));
  };
}

function describe(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") return `unknown field ${JSON.stringify(e.params.additionalProperty)}`;
  return e.message ?? e.keyword;
}
