import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { generateBatch, type Manifest } from "@casemix/generator";

export type MonthOptions = { claims: number; hospitals: number; seed: number; period: string; dir: string };

/**
 * The month every run submits: generated once into `dir`, or read back from it when its manifest was
 * made with the same options (a 400k month takes a minute to write; the runs must all see the same files).
 */
export async function loadOrGenerateMonth(o: MonthOptions): Promise<Manifest> {
  const manifestPath = join(o.dir, "manifest.json");
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
    const same = manifest.totals.rows === o.claims && manifest.seed === o.seed && manifest.hospitals.length === o.hospitals && manifest.period.first.startsWith(o.period);
    if (same) return manifest;
    throw new Error(`${o.dir} holds another month (${manifest.totals.rows} claims, seed ${manifest.seed}, ${manifest.hospitals.length} hospitals): pass another --dir`);
  }
  const generated = await generateBatch({ claims: o.claims, hospitals: o.hospitals, seed: o.seed, period: o.period, out: o.dir });
  if (!generated.ok) throw new Error(`month not generated: ${generated.error.message}`);
  return generated.manifest;
}
