/**
 * Prepares the latency benchmark's database in its own short-lived process (so the load generator
 * stays small): imports the CHS-DRG 1.1 tables as a definition version and publishes it.
 * usage: node prepare.ts --pglite <dir> | --postgres <url>
 */
import { cpSync } from "node:fs";
import { parseArgs } from "node:util";
import { chsDrgDir } from "@casemix/chs-drg";
import { createDraft, importDefinitionDir, publishVersion } from "@casemix/config";
import { createDb, migrate, pgliteTemplateDir } from "@casemix/db";

const { values } = parseArgs({ options: { pglite: { type: "string" }, postgres: { type: "string" } } });
if (values.pglite) cpSync(await pgliteTemplateDir(), values.pglite, { recursive: true });
const db = await createDb((values.postgres ? { DATABASE_URL: values.postgres, DATABASE_POOL_MAX: 2 } : { PGLITE_DATA_DIR: values.pglite }) as never);
await migrate(db);
const v = await createDraft(db, importDefinitionDir(chsDrgDir, "chs-drg", { label: `chs-drg 1.1 (latency bench ${new Date().toISOString()})` }));
await publishVersion(db, v.id);
await db.query("update outbox set published_at = now() where published_at is null"); // this bench has no broker
await db.close();
console.log(v.id);
