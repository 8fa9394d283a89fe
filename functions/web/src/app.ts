import { Hono } from "hono";
import { html } from "hono/html";
import type { TokenVerifier } from "@casemix/auth";
import { registerAssets } from "./assets.ts";
import { registerAuthRoutes, sessionMiddleware } from "./auth-routes.ts";
import { PageError, type WebDeps, type WebVariables } from "./context.ts";
import { layout } from "./layout.ts";
import { registerAppealPages } from "./pages/appeals.ts";
import { registerBatchPage } from "./pages/batch.ts";
import { registerBatchList } from "./pages/batches.ts";
import { registerClaimPage } from "./pages/claim.ts";
import { registerPeriodPages } from "./pages/periods.ts";
import { registerReviewPages } from "./pages/reviews.ts";
import { translator } from "./i18n/index.ts";

/**
 * The web application, every page under /app (so it shares the embedded mesh's port with the APIs).
 * A new page is one `register...` here, its catalogue keys and its navigation entry in layout.ts.
 */
export function createWebApp(deps: WebDeps, verifier: TokenVerifier): Hono<{ Variables: WebVariables }> {
  const app = new Hono<{ Variables: WebVariables }>();
  registerAssets(app);
  registerAuthRoutes(app, deps, verifier);
  const pages = new Hono<{ Variables: WebVariables }>();
  // Only the application's own paths: in the embedded mesh every function's routes share one app.
  pages.use("/app", sessionMiddleware(deps));
  pages.use("/app/*", sessionMiddleware(deps));
  pages.get("/app", (c) => c.redirect(c.get("session").roles.some((r) => r === "moh-reviewer") ? "/app/reviews" : c.get("session").roles.includes("finance") ? "/app/periods" : "/app/batches", 303));
  registerBatchList(pages, deps);
  registerBatchPage(pages, deps);
  registerClaimPage(pages, deps);
  registerReviewPages(pages, deps);
  registerPeriodPages(pages, deps);
  registerAppealPages(pages, deps);
  pages.onError((error, c) => {
    const page = c.get("page") ?? { t: translator("en"), lang: "en" as const, path: c.req.path };
    if (error instanceof PageError) return c.html(layout(page, page.t("errorTitle"), html`<p>${error.message}</p>`), error.status as 400);
    throw error;
  });
  app.route("/", pages);
  return app;
}
