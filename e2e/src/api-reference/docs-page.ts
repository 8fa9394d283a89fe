import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/**
 * Debian's Chromium (scripts/install-tools.sh installs it): playwright-core drives a browser it is
 * given and downloads none, and no browser build can be fetched here.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type DocsPage = { options: { title: string; url: string }[]; opened: string[]; screenshot: string };

/**
 * Opens `/docs` in headless Chromium, reads the document selector of its top bar, opens each document
 * in turn (waiting for its title to render), and keeps a screenshot of the first one at `screenshot`.
 */
export async function screenshotDocs(baseUrl: string, screenshot: string): Promise<DocsPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-tools.sh (Debian package chromium) or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(`${baseUrl}/docs`);
    const select = page.locator("select#select");
    await select.waitFor();
    const options = await select.locator("option").evaluateAll((els) => els.map((e) => ({ title: (e.textContent ?? "").trim(), url: (e as HTMLOptionElement).value })));
    const opened: string[] = [];
    for (const option of options) {
      await select.selectOption(option.url);
      await page.locator(".info .title", { hasText: option.title }).waitFor({ timeout: 30_000 });
      await page.locator(".opblock").first().waitFor({ timeout: 30_000 });
      opened.push(option.title);
      if (opened.length === 1) await page.screenshot({ path: screenshot, fullPage: false });
    }
    return { options, opened, screenshot };
  } finally {
    await browser.close();
  }
}
