import { readChunk } from "@casemix/parquet";
import type { Platform } from "@casemix/runtime";
import { clearIdentifiers } from "./invariants.ts";

export type Leak = { where: string; ids: string[] };

const asText = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));

/**
 * Looks for generated patient identifiers in clear everywhere but `raw/` (DESIGN.md: raw uploads are
 * the only place with direct identifiers): every row of every table, every stored object (parquet
 * decoded, since its pages may be compressed), and the log lines given.
 */
export async function sweepForIdentifiers(platform: Platform, numericIds: readonly string[], logLines: readonly string[]): Promise<Leak[]> {
  const leaks: Leak[] = [];
  const check = (where: string, text: string) => {
    const ids = clearIdentifiers(text, numericIds);
    if (ids.length > 0) leaks.push({ where, ids: [...new Set(ids)].slice(0, 5) });
  };
  const { rows: tables } = await platform.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  for (const { table_name } of tables) {
    const { rows } = await platform.db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`);
    check(`table ${table_name}`, rows.map((r) => r.r).join("\n"));
  }
  for await (const object of platform.store.list("")) {
    if (object.key.startsWith("raw/")) continue;
    const bytes = await platform.store.get(object.key);
    const text = object.key.endsWith(".parquet") ? asText(await readChunk(bytes)) : Buffer.from(bytes).toString("utf8");
    check(`object ${object.key}`, text);
  }
  check("the log", logLines.join("\n"));
  return leaks;
}
