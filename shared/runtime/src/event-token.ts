import { readFile } from "node:fs/promises";

/** Gives the bearer token to send an event with; called per request, so a rotated token is picked up. */
export type TokenSource = () => Promise<string>;

/**
 * A token read from a file: on Knative the SinkBinding mounts the Eventing OIDC token for the Broker's
 * audience at /oidc/token and refreshes it there; `casemix mesh` writes one per function the same way.
 * Read again at most every few seconds, so a rotation is seen without reading the file per event.
 */
export function tokenFromFile(path: string, { maxAgeMs = 5_000 } = {}): TokenSource {
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < maxAgeMs) return cached.token;
    const token = (await readFile(path, "utf8")).trim();
    cached = { token, at: Date.now() };
    return token;
  };
}
