import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { Hono } from "hono";

/**
 * The browsable API docs: Swagger UI served from the installed `swagger-ui-dist` package, never a
 * CDN (the mesh runs where no CDN is reachable), reading `/v1/openapi.json`.
 */
const ASSETS = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
  ["swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"],
]);

const assetDir = (): string => (createRequire(import.meta.url)("swagger-ui-dist") as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Casemix intake API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/v1/openapi.json", dom_id: "#ui", presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });</script>
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
