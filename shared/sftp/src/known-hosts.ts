/**
 * Host keys from an OpenSSH known_hosts file, for the host and port we connect to. Hashed entries
 * (`|1|...`) are not supported: the connector's known_hosts is written by operators (or the test
 * services script) in plain form.
 */
export function hostKeysFor(knownHosts: string, host: string, port: number): string[] {
  const names = port === 22 ? [host, `[${host}]:22`] : [`[${host}]:${port}`];
  const keys: string[] = [];
  for (const line of knownHosts.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [hosts, , key] = trimmed.split(/\s+/);
    if (!hosts || !key) continue;
    if (hosts.split(",").some((h) => names.includes(h))) keys.push(key);
  }
  return keys;
}
