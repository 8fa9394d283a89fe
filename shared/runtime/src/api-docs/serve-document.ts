import type { Hono } from "hono";
import { apiDocumentPath, type ApiDocumentName } from "@casemix/events";
import { completeDocument, serverOf } from "./complete-document.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ServeDocumentOptions = {
  /** OpenAPI 3.1 `webhooks` of the document (notify's outgoing payloads). */
  webhooks?: () => Json;
};

/**
 * Serves one of the mesh's API documents (events API_DOCUMENTS) at its path (`/v1/openapi/<name>.json`),
 * completed by {@link completeDocument}. `generate` is called once, on the first request: the function's
 * routes are all registered by then.
 *
 * @example
 * serveApiDocument(app, "intake", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
 */
export function serveApiDocument(app: Hono<any>, name: ApiDocumentName, generate: () => Json, options: ServeDocumentOptions = {}): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  let completed: Json | undefined;
  app.get(apiDocumentPath(name), (c) => {
    completed ??= completeDocument(generate(), { name, webhooks: options.webhooks?.() });
    return c.json({ ...completed, servers: [serverOf(new URL(c.req.url).origin)] });
  });
}
