/**
 * What Prometheus does to a process during a benchmark's "metrics on" runs: a GET of /metrics every
 * `seconds` (15 s: Prometheus's default scrape interval), so the cost measured includes the scrapes
 * (each reads the outbox and batch gauges from the database).
 */
export type Scraper = { stop(): { scrapes: number; failed: number; bytes: number } };

export function startScraper(urls: readonly string[], seconds: number): Scraper {
  let scrapes = 0;
  let failed = 0;
  let bytes = 0;
  const scrapeAll = () =>
    void Promise.all(urls.map(async (url) => {
      try {
        const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(seconds * 1000) });
        const body = await res.text();
        if (res.ok) (scrapes++, (bytes += body.length));
        else failed++;
      } catch {
        failed++;
      }
    }));
  const timer = setInterval(scrapeAll, seconds * 1000);
  return { stop: () => (clearInterval(timer), { scrapes, failed, bytes }) };
}
