import type { ApiFunction } from "./env.ts";

/** An API's answer: the status and the parsed JSON body (or the raw response, for files). */
export type ApiAnswer<T> = { status: number; ok: boolean; body: T; error?: { code: string; message: string } };

export type ApiClient = {
  json<T>(fn: ApiFunction, path: string, token: string, init?: { method?: string; body?: unknown; contentType?: string }): Promise<ApiAnswer<T>>;
  /** A file (result CSV, report PDF) passed through as it comes. */
  raw(fn: ApiFunction, path: string, token: string): Promise<Response>;
};

/**
 * Calls the other functions' REST APIs with the signed-in person's own token, so every page shows
 * exactly what the policy lets that person see, and every change is audited under their name.
 */
export function createApiClient(urls: Record<ApiFunction, string>, fetchImpl: typeof fetch = fetch): ApiClient {
  return {
    async json<T>(fn: ApiFunction, path: string, token: string, init: { method?: string; body?: unknown; contentType?: string } = {}) {
      const body = init.body === undefined ? undefined : typeof init.body === "string" || init.body instanceof Uint8Array ? init.body : JSON.stringify(init.body);
      const res = await fetchImpl(`${urls[fn]}${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": init.contentType ?? "application/json" }) },
        body: body as BodyInit | undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = { error: { code: "E_NOT_JSON", message: text.slice(0, 200) } };
      }
      const error = (parsed as { error?: { code: string; message: string } } | undefined)?.error;
      return { status: res.status, ok: res.ok, body: parsed as T, ...(res.ok || !error ? {} : { error }) };
    },
    raw: (fn, path, token) => fetchImpl(`${urls[fn]}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) }),
  };
}
