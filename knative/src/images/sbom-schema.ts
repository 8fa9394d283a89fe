import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv } from "ajv";

/**
 * Validates a CycloneDX 1.6 JSON document against the schema the CycloneDX library ships (with its SPDX
 * and JSF sub-schemas), so a build never writes an SBOM a scanner would reject. Formats (uri, date-time)
 * are not checked: ajv-formats 3, which the schema's formats need, would be a second copy of a package
 * the workspace already has in version 2 (scripts/check-deps.mjs).
 *
 * @returns the schema errors, as `path: message` lines; empty when valid
 */
export function sbomErrors(json: string): string[] {
  const validate = validator();
  if (validate(JSON.parse(json))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

let compiled: ReturnType<Ajv["compile"]> | undefined;

function validator(): ReturnType<Ajv["compile"]> {
  if (compiled) return compiled;
  const pkg = createRequire(import.meta.url).resolve("@cyclonedx/cyclonedx-library/package.json");
  const dir = join(dirname(pkg), "res", "schema");
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
  // The bom schema refers to its sub-schemas by their file names, relative to its own $id.
  for (const name of ["spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json", "cryptography-defs.SNAPSHOT.schema.json"]) {
    ajv.addSchema({ ...read(name), $id: `http://cyclonedx.org/schema/${name}` });
  }
  compiled = ajv.compile(read("bom-1.6.SNAPSHOT.schema.json"));
  return compiled;
}
