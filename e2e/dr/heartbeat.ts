import pg from "pg";

/**
 * A committed write every `everyMs` into `dr_heartbeat` of the mesh's database, remembering the server
 * time of the last one whose COMMIT was acknowledged: after the crash, that is "the last committed
 * write before the crash", and the newest heartbeat the restored database holds is the restored point.
 */
export function startHeartbeat(databaseUrl: string, everyMs = 100) {
  let lastCommitted: Date | undefined;
  let stopped = false;
  let client: pg.Client | undefined;
  const loop = (async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    client.on("error", () => undefined);
    await client.connect();
    await client.query("CREATE TABLE IF NOT EXISTS dr_heartbeat (at timestamptz NOT NULL DEFAULT clock_timestamp())");
    while (!stopped) {
      try {
        const { rows } = await client.query<{ at: Date }>("INSERT INTO dr_heartbeat DEFAULT VALUES RETURNING at");
        lastCommitted = rows[0].at;
      } catch {
        return; // the database is gone: the crash
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    lastCommitted: () => lastCommitted,
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      await client?.end().catch(() => undefined);
    },
  };
}

/** The newest heartbeat the (restored) database holds. */
export async function restoredPoint(databaseUrl: string): Promise<Date> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ at: Date }>("SELECT max(at) AS at FROM dr_heartbeat");
    return rows[0].at;
  } finally {
    await client.end();
  }
}
