import type { Hono } from "hono";
import { API_DOCUMENTS, apiDocumentPath, type ApiDocumentName } from "@casemix/events";

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents as plain JSON */

/**
 * Every document of API_DOCUMENTS as `app` serves it (the embedded mesh's app holds every function's
 * routes; a function's app its own). A listed document that is not served is an error naming it.
 */
export async function collectApiDocuments(app: Pick<Hono, "request">, origin = "http://127.0.0.1:8080"): Promise<Map<ApiDocumentName, Record<string, any>>> {
  const docs = new Map<ApiDocumentName, Record<string, any>>();
  for (const { name } of API_DOCUMENTS) {
    const res = await app.request(`${origin}${apiDocumentPath(name)}`);
    if (res.status !== 200) throw new Error(`${apiDocumentPath(name)} answered ${res.status}: the ${name} document is listed but not served`);
    docs.set(name, (await res.json()) as Record<string, any>);
  }
  return docs;
}
