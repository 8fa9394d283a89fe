import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

/** Debian's Chromium (scripts/install-tools.sh installs it); playwright-core downloads no browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Where the screenshots go (git-ignored): one PNG per page visited, for people to look at. */
export const SCREENSHOT_DIR = join(import.meta.dirname, "..", "..", "web-screenshots");

export type Visit = { name: string; url: string; axe: { id: string; impact: string | null; nodes: number }[] };

export type WebBrowser = {
  browser: Browser;
  /**
   * A page in a browser context of its own (its own cookies: one person's session), whose every request
   * must stay on loopback; requests elsewhere are aborted and recorded.
   */
  newPage(): Promise<Page>;
  /** Runs axe-core on the page, writes its screenshot, and records the page. */
  check(page: Page, name: string): Promise<Visit>;
  visits: Visit[];
  /** Requests that tried to leave loopback. */
  offLoopback: string[];
  close(): Promise<void>;
};

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function launchBrowser(): Promise<WebBrowser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const visits: Visit[] = [];
  const offLoopback: string[] = [];
  return {
    browser,
    visits,
    offLoopback,
    async newPage() {
      const context = await browser.newContext({ locale: "en-GB" });
      // Every request of every page: the application must work with the network limited to loopback.
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === "data:" || url.protocol === "blob:" || LOOPBACK.has(url.hostname)) return route.continue();
        offLoopback.push(url.href);
        return route.abort("blockedbyclient");
      });
      return context.newPage();
    },
    async check(page, name) {
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(async () => {
        const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      })) as Visit["axe"];
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${String(visits.length + 1).padStart(2, "0")}-${name}.png`), fullPage: true });
      const visit = { name, url: page.url(), axe: violations };
      visits.push(visit);
      return visit;
    },
    close: () => browser.close(),
  };
}

/** The violations axe rates serious or critical: none may remain on any page. */
export const seriousViolations = (v: Visit) => v.axe.filter((x) => x.impact === "serious" || x.impact === "critical");
