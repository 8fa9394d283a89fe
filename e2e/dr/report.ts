import type { DrillReport } from "./run-drill.ts";

/** This machine's targets (the system's own are RPO 15 min and RTO 2 h). */
export const TARGETS = { rpoSeconds: 60, rtoSeconds: 600 };

export function formatDrill(r: DrillReport): string {
  return [
    `disaster-recovery drill: ${r.claims.toLocaleString("en-US")} claims, ${r.beforeBackup.toLocaleString("en-US")} in the database at the base backup (${r.backupSeconds.toFixed(1)} s)`,
    r.rpoSeconds >= 0
      ? `  RPO ${r.rpoSeconds.toFixed(1)} s (target <= ${TARGETS.rpoSeconds} s): last committed write before the crash to the restored point`
      : // The restored point holds a commit whose acknowledgement the crash cut off: nothing acknowledged was lost.
        `  RPO 0.0 s (target <= ${TARGETS.rpoSeconds} s): the restored point is ${(-r.rpoSeconds).toFixed(1)} s past the last commit acknowledged before the crash`,
    `  RTO ${r.rtoSeconds.toFixed(1)} s (target <= ${TARGETS.rtoSeconds} s): crash to intake serving from the restored database (restore and WAL replay ${r.restoreSeconds.toFixed(1)} s)`,
    `  after the restore: ${r.lostClaims.toLocaleString("en-US")} settled claims had lost their effects; ${r.rewound.toLocaleString("en-US")} Kafka records delivered again; ${r.retakenBatches} batches (${r.retakenClaims.toLocaleString("en-US")} claims) taken again`,
    r.problems.length === 0 ? "  every claim of the manifest ended in its expected state" : `  ${r.problems.length} differences from the manifest:\n    ${r.problems.join("\n    ")}`,
  ].join("\n");
}

export function missedTargets(r: DrillReport): string[] {
  return [
    ...(r.problems.length > 0 ? [`${r.problems.length} files differ from the manifest`] : []),
    ...(r.rpoSeconds > TARGETS.rpoSeconds ? [`RPO ${r.rpoSeconds.toFixed(1)} s over ${TARGETS.rpoSeconds} s`] : []),
    ...(r.rtoSeconds > TARGETS.rtoSeconds ? [`RTO ${r.rtoSeconds.toFixed(1)} s over ${TARGETS.rtoSeconds} s`] : []),
  ];
}
