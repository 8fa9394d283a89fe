import type { Db } from "@casemix/db";
import { demoDefinitionDir } from "@casemix/grouper";
import { DEMO_TARIFF_DIR, loadDemoRegister } from "@casemix/pricing";
import { importDefinitionDir, importTariffDir, registerDraft } from "./importers.ts";
import { createDraft, publishWithin } from "./repository.ts";
import { ConfigError, type ConfigDraft, type ConfigKind } from "./types.ts";

/** The demo configuration, all illustrative: the demo definition, the demo tariff and the demo register. */
export function demoDrafts(): ConfigDraft[] {
  const register = loadDemoRegister();
  if (!register.ok) throw new ConfigError("E_CONFIG_INVALID", `the demo register is invalid: ${register.issues[0]?.message}`);
  return [
    importDefinitionDir(demoDefinitionDir, "package", { source: "demo" }),
    importTariffDir(DEMO_TARIFF_DIR, { source: "demo" }),
    registerDraft(register.value, { source: `demo:${register.from}` }),
  ];
}

/**
 * Seeds an empty database with the demo configuration and publishes it, so the embedded default works
 * out of the box. A kind that already has any version (draft or published) is left alone, so a real
 * installation that imported its own never gets the demo. Runs under an advisory lock: processes
 * starting together seed once. Returns the kinds seeded.
 */
export async function seedDemoConfig(db: Db, now: Date = new Date(), drafts: () => ConfigDraft[] = demoDrafts): Promise<ConfigKind[]> {
  const existing = await db.query<{ kind: ConfigKind }>("select distinct kind from config_version");
  const have = new Set(existing.rows.map((r) => r.kind));
  if (have.has("definition") && have.has("tariff") && have.has("hospitals")) return [];
  const candidates = drafts();
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(hashtext('casemix:config-seed'))");
    const { rows } = await tx.query<{ kind: ConfigKind }>("select distinct kind from config_version");
    const present = new Set(rows.map((r) => r.kind));
    const seeded: ConfigKind[] = [];
    for (const draft of candidates) {
      if (present.has(draft.kind)) continue;
      const version = await createDraft(tx, draft);
      await publishWithin(tx, version.id, now);
      seeded.push(draft.kind);
    }
    return seeded;
  });
}
