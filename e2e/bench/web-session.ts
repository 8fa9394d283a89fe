/**
 * Signs in to the web application over HTTP as a browser does (authorization code + PKCE at the
 * development issuer) and returns the session cookie: the benchmark's requests are authenticated
 * exactly as a person's are.
 */
export async function webSession(webUrl: string, user: string): Promise<string> {
  const cookies = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
  const start = await fetch(`${webUrl}/app/sign-in`, { redirect: "manual" });
  if (start.status !== 303) throw new Error(`sign-in answered ${start.status}: ${await start.text()}`);
  const authorize = new URL(start.headers.get("location")!);
  const form = new URLSearchParams([...authorize.searchParams, ["user", user]]);
  const chosen = await fetch(new URL("/authorize", authorize), { method: "POST", body: form, redirect: "manual" });
  const back = chosen.headers.get("location");
  if (chosen.status !== 302 || !back) throw new Error(`the issuer answered ${chosen.status}: ${await chosen.text()}`);
  const callback = await fetch(back, { headers: { cookie: cookies(start).join("; ") }, redirect: "manual" });
  const session = cookies(callback).find((c) => c.startsWith("casemix_session="));
  if (!session) throw new Error(`no session after the callback (${callback.status})`);
  return session;
}
