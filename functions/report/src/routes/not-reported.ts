import type { ReportDeps } from "./context.ts";
import { lookupFigure } from "./figures.ts";

/**
 * The sentence a 404 adds when the period has no report at all: reports are made when a period is
 * closed and priced, and a bare "not found" left people guessing (issue 18). Says what state the
 * period is in and how to move it on; empty when the period has a report (the 404 is about the key).
 */
export async function whyNoReport(deps: ReportDeps, period: string): Promise<string> {
  if (await lookupFigure(deps, { period, dimension: "period" })) return "";
  const { rows } = await deps.platform.db.query<{ status: string; close_run_id: string | null }>("SELECT status, close_run_id FROM period WHERE period = $1", [period]);
  const status = rows[0]?.status ?? "open";
  const close = `close it with \`casemix close-period ${period}\` or POST /v1/periods/${period}/close (admin or finance token)`;
  if (status === "closing") return `: period ${period} is closing (run ${rows[0]?.close_run_id ?? "?"}); its report is published when the run has priced every claim, ask again then`;
  if (status === "closed") return `: period ${period} is closed but has no priced claims reported; if claims were priced after the close, re-close it with \`casemix close-period ${period} --reclose\``;
  return `: period ${period} is open, and a report is made only when a period is closed and priced; ${close}, then ask again`;
}
