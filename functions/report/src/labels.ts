import { ConfigError, type ConfigStore } from "@casemix/config";

/** What makes a report readable beyond its codes: names from the register, titles and the caveat from the definition. */
export type ReportLabels = { hospitalNames: Record<string, string>; mdcTitles: Record<string, string>; caveat?: string };

const notInForce = (error: unknown) => error instanceof ConfigError && error.status === 404;

/**
 * The labels of a period's report, from the register and the definition in force on the period's
 * first day. A kind with no version in force gives no labels (the report prints codes), never a
 * failed report. An illustrative definition (the built-in demo) gives the caveat its manifest states.
 */
export async function reportLabels(config: ConfigStore, period: string): Promise<ReportLabels> {
  const date = `${period}-01`;
  const labels: ReportLabels = { hospitalNames: {}, mdcTitles: {} };
  try {
    for (const h of (await config.hospitalsFor(date)).register.hospitals) labels.hospitalNames[h.code] = h.name;
  } catch (error) {
    if (!notInForce(error)) throw error;
  }
  try {
    const def = await config.definitionFor(date);
    for (const m of def.package.rules.mdcs) labels.mdcTitles[m.mdc] ??= m.name;
    if (def.package.manifest.illustrative) labels.caveat = `Definition ${def.version.label} is illustrative, not for payment`;
  } catch (error) {
    if (!notInForce(error)) throw error;
  }
  return labels;
}
