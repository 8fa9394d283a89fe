import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { Hono } from "hono";
import { API_DOCUMENTS, apiDocumentPath } from "@casemix/events";

/**
 * The browsable API docs: Swagger UI served from the installed `swagger-ui-dist` package, never a
 * CDN (the mesh runs where no CDN is reachable). Its selector (top bar) offers every document of the
 * mesh (events API_DOCUMENTS), all served on this host in the embedded mode and behind one gateway
 * otherwise; `?api=<name>` opens one.
 */
const ASSETS = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
  ["swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"],
]);

const assetDir = (): string => (createRequire(import.meta.url)("swagger-ui-dist") as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const urls = JSON.stringify(API_DOCUMENTS.map((d) => ({ url: apiDocumentPath(d.name), name: d.title })));

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Casemix mesh API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>const urls = ${urls};
const wanted = new URLSearchParams(location.search).get("api");
const first = urls.find((u) => u.url.endsWith("/" + wanted + ".json"));
window.ui = SwaggerUIBundle({ urls, "urls.primaryName": first ? first.name : urls[0].name, dom_id: "#ui", presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });</script>
</body></html>`;

export function registerDocs(app: Hono<any>): void {
  app.get("/docs", (c) => c.html(page));
  app.get("/docs/assets/:name", async (c) => {
    const name = c.req.param("name");
    const type = ASSETS.get(name);
    if (!type) return c.json({ error: { code: "E_NOT_FOUND", message: "no such asset" } }, 404);
    const bytes = await readFile(join(assetDir(), name));
    return c.body(bytes, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
