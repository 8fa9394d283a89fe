import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A person the development issuer lets sign in (no password: it runs on loopback, for development and tests). */
export type DevUser = { sub: string; name: string; roles: string[]; hospital?: string };

/**
 * The people `casemix start` and `casemix mesh` offer at the development issuer's sign-in page: one
 * per kind of user of the web application (a hospital of the demo register: Hospital Selayang).
 */
export const DEV_USERS: readonly DevUser[] = [
  { sub: "coder", name: "Hospital coder (H10-DEC915)", roles: ["hospital-coder"], hospital: "H10-DEC915" },
  { sub: "hospital-finance", name: "Hospital finance (H10-DEC915)", roles: ["hospital-finance"], hospital: "H10-DEC915" },
  { sub: "reviewer", name: "MOH reviewer", roles: ["moh-reviewer"] },
  { sub: "finance", name: "Ministry finance (closes periods)", roles: ["finance"] },
  { sub: "admin", name: "Administrator", roles: ["admin", "ministry"] },
];

type Pending = { user: DevUser; clientId: string; redirectUri: string; challenge: string; nonce?: string; expires: number };

export type DevSignIn = {
  /** Answers `/authorize` and `/token`; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
};

const CODE_TTL_MS = 60_000;

/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636, S256 only) for the development issuer: a sign-in
 * page listing {@link DEV_USERS}, codes good once for a minute, and redirect URIs on loopback only,
 * so nothing it signs can be sent off the machine.
 */
export function createDevSignIn(users: readonly DevUser[], mint: (user: DevUser, clientId: string, nonce?: string) => Promise<{ accessToken: string; idToken: string; expiresIn: number }>): DevSignIn {
  const pending = new Map<string, Pending>();
  return {
    async handle(req, res) {
      const url = new URL(req.url ?? "/", "http://issuer");
      if (url.pathname === "/authorize" && req.method === "GET") return page(res, url.searchParams, users), true;
      if (url.pathname === "/authorize" && req.method === "POST") {
        const form = new URLSearchParams(await body(req));
        const problem = authorizeProblem(form);
        const user = users.find((u) => u.sub === form.get("user"));
        if (problem || !user) return fail(res, 400, problem ?? "unknown user"), true;
        const code = randomBytes(24).toString("base64url");
        pending.set(code, { user, clientId: form.get("client_id")!, redirectUri: form.get("redirect_uri")!, challenge: form.get("code_challenge")!, nonce: form.get("nonce") ?? undefined, expires: Date.now() + CODE_TTL_MS });
        const back = new URL(form.get("redirect_uri")!);
        back.searchParams.set("code", code);
        if (form.get("state")) back.searchParams.set("state", form.get("state")!);
        res.writeHead(302, { location: back.href }).end();
        return true;
      }
      if (url.pathname === "/token" && req.method === "POST") {
        const form = new URLSearchParams(await body(req));
        const code = form.get("code") ?? "";
        const p = pending.get(code);
        pending.delete(code);
        const verifier = form.get("code_verifier") ?? "";
        const grantOk = form.get("grant_type") === "authorization_code" && p && p.expires > Date.now() && p.clientId === form.get("client_id") && p.redirectUri === form.get("redirect_uri");
        if (!grantOk || createHash("sha256").update(verifier).digest("base64url") !== p.challenge) {
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant" }));
          return true;
        }
        const t = await mint(p.user, p.clientId, p.nonce);
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify({ access_token: t.accessToken, id_token: t.idToken, token_type: "Bearer", expires_in: t.expiresIn, scope: "openid" }));
        return true;
      }
      return false;
    },
  };
}

/** Why an authorization request is refused, or undefined when it is sound. */
function authorizeProblem(q: URLSearchParams): string | undefined {
  if (q.get("response_type") !== "code") return "response_type must be code";
  if (!q.get("client_id")) return "client_id is missing";
  if (q.get("code_challenge_method") !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(q.get("code_challenge") ?? "")) return "a S256 code_challenge is required (PKCE)";
  const redirect = URL.canParse(q.get("redirect_uri") ?? "") ? new URL(q.get("redirect_uri")!) : undefined;
  if (!redirect || redirect.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(redirect.hostname)) return "redirect_uri must be on loopback";
  return undefined;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(res: ServerResponse, q: URLSearchParams, users: readonly DevUser[]): void {
  const problem = authorizeProblem(q);
  if (problem) return fail(res, 400, problem);
  const hidden = ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "nonce", "scope"]
    .filter((k) => q.get(k) !== null)
    .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k)!)}">`)
    .join("");
  const choices = users.map((u) => `<li><button type="submit" name="user" value="${esc(u.sub)}">${esc(u.name)}</button></li>`).join("");
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in: development issuer</title></head>
<body><main><h1>Sign in (development issuer)</h1><p>Choose who to sign in as. This issuer runs on loopback for development and tests only.</p>
<form method="post" action="/authorize">${hidden}<ul>${choices}</ul></form></main></body></html>`);
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(message);
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > 16_384) req.destroy(new Error("body too large"));
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}
