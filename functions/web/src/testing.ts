import type { ApiAnswer, ApiClient } from "./api.ts";
import { createWebApp } from "./app.ts";
import { loadWebEnv } from "./env.ts";
import { createSealer, type Session } from "./session.ts";

/** One call a page made to an API, as the fake saw it (the body as the page gave it, before JSON). */
export type ApiCall = { fn: string; path: string; token: string; method: string; body?: unknown; contentType?: string };
export type FakeAnswer = { status: number; body?: unknown; error?: { code: string; message: string } };

/**
 * A web application for page tests (`app.request()`, no server, no issuer): the APIs are a fake that
 * answers by `METHOD path` and records every call; a session is sealed directly with the roles a test
 * needs, as the callback would seal it after sign-in.
 */
export function createTestWeb() {
  const calls: ApiCall[] = [];
  const answers = new Map<string, FakeAnswer>();
  const files = new Map<string, () => Response>();
  const api: ApiClient = {
    async json<T>(fn: string, path: string, token: string, init: { method?: string; body?: unknown; contentType?: string } = {}): Promise<ApiAnswer<T>> {
      const method = init.method ?? "GET";
      calls.push({ fn, path, token, method, body: init.body, contentType: init.contentType });
      const a = answers.get(`${method} ${path}`) ?? { status: 404, error: { code: "E_NOT_FOUND", message: `the fake has no ${method} ${path}` } };
      const ok = a.status >= 200 && a.status < 300;
      return { status: a.status, ok, body: a.body as T, ...(ok ? {} : { error: a.error }) };
    },
    async raw(fn, path, token) {
      calls.push({ fn, path, token, method: "GET" });
      return files.get(path)?.() ?? Response.json({ error: { code: "E_NOT_FOUND", message: `the fake has no ${path}` } }, { status: 404 });
    },
  };
  const env = loadWebEnv({ WEB_SESSION_SECRET: "t".repeat(40) });
  const sealer = createSealer(env.WEB_SESSION_SECRET);
  const app = createWebApp(
    { env, api, sealer, oidc: () => { throw new Error("these tests seal their sessions; no sign-in"); } },
    async () => { throw new Error("these tests seal their sessions; no token to verify"); },
  );

  /** A signed-in person's cookie and CSRF token. */
  async function signedIn(who: { subject: string; roles: string[]; hospital?: string }): Promise<{ cookie: string; csrf: string; token: string }> {
    const session: Session = {
      accessToken: `token-of-${who.subject}`, subject: who.subject, name: who.subject, roles: who.roles, ...(who.hospital ? { hospital: who.hospital } : {}),
      csrf: `csrf-of-${who.subject}`, expiresAt: Date.now() + 3_600_000,
    };
    return { cookie: `casemix_session=${await sealer.seal(session, 3600)}`, csrf: session.csrf, token: session.accessToken };
  }

  /** Follows a form's redirect as a browser does, carrying the one-time message it left. */
  async function follow(res: Response, cookie: string): Promise<Response> {
    const left = res.headers.getSetCookie().map((c) => c.split(";")[0]).filter((c) => c.startsWith("casemix_flash="));
    return app.request(res.headers.get("location")!, { headers: { cookie: [cookie, ...left].join("; ") } });
  }

  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    app.request(path, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });

  return {
    app, calls, signedIn, follow, post,
    answer: (key: string, a: FakeAnswer) => answers.set(key, a),
    file: (path: string, make: () => Response) => files.set(path, make),
    reset: () => { calls.length = 0; answers.clear(); files.clear(); },
  };
}
