import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { API_DOCUMENTS, apiDocumentPath } from "@casemix/events";
import { buildCollection } from "./collection.ts";

/**
 * The integration kit from a running mesh: every API document and the Postman collection generated from
 * them (the one the e2e suite runs in Newman), written to a folder.
 *
 *   npm run kit -- --url http://127.0.0.1:8080 --out casemix-kit
 *   npx newman run casemix-kit/casemix.postman_collection.json --env-var baseUrl=http://127.0.0.1:8080 --env-var token=<jwt>
 */
const { values } = parseArgs({ options: { url: { type: "string", default: "http://127.0.0.1:8080" }, out: { type: "string", default: "casemix-kit" } } });
const base = values.url!.replace(/\/$/, "");
const docs = new Map<string, Record<string, unknown>>();
for (const { name } of API_DOCUMENTS) {
  const res = await fetch(`${base}${apiDocumentPath(name)}`);
  if (!res.ok) throw new Error(`${base}${apiDocumentPath(name)} answered ${res.status}`);
  docs.set(name, (await res.json()) as Record<string, unknown>);
}
await mkdir(join(values.out!, "openapi"), { recursive: true });
for (const [name, doc] of docs) await writeFile(join(values.out!, "openapi", `${name}.json`), JSON.stringify(doc, null, 2));
const { collection, requests } = await buildCollection(docs);
(collection.variable as { key: string; value: string }[])[0].value = base;
await writeFile(join(values.out!, "casemix.postman_collection.json"), JSON.stringify(collection, null, 2));
console.log(`${docs.size} documents in ${join(values.out!, "openapi")}, ${requests} requests in ${join(values.out!, "casemix.postman_collection.json")}`);
