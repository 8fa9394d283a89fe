import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { APP_CSS } from "./app-css.ts";

// import.meta.resolve, not createRequire: a bundle (knative/src/bundle.ts) declares its own `require`.
const htmxPath = fileURLToPath(import.meta.resolve("htmx.org/dist/htmx.min.js"));

/**
 * The application's only assets, served by the function itself (no CDN: it works with no internet):
 * htmx from its npm package and the style sheet (app-css.ts). Read once at start.
 */
export function registerAssets(app: Hono<any>): void {
  const files: Record<string, { body: string; type: string }> = {
    "htmx.min.js": { body: readFileSync(htmxPath, "utf8"), type: "text/javascript; charset=utf-8" },
    "app.css": { body: APP_CSS, type: "text/css; charset=utf-8" },
  };
  app.get("/app/assets/:name", (c) => {
    const file = files[c.req.param("name")];
    if (!file) return c.body(null, 404);
    return c.body(file.body, 200, { "content-type": file.type, "cache-control": "public, max-age=3600" });
  });
}
