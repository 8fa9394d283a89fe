import { parseIsoDuration, type AppealState } from "@casemix/events";

/** How long an appeal may stay in each state before it is escalated (ms). States without one have no deadline. */
export type Deadlines = Partial<Record<AppealState, number>>;

const TIMED: readonly AppealState[] = ["filed", "under_review", "decided", "applied"];

/**
 * Parses `APPEALS_DEADLINES`: `state=ISO-8601 duration` pairs, comma-separated, e.g.
 * `filed=P5D,under_review=P30D,decided=P2D,applied=P14D` (30 days to decide, as issue 19 gives).
 * Throws naming the pair that is wrong.
 */
export function parseDeadlines(text: string): Deadlines {
  const out: Deadlines = {};
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [state, duration] = pair.split("=");
    if (!TIMED.includes(state as AppealState)) throw new Error(`${pair}: the state must be one of ${TIMED.join(", ")}`);
    try {
      out[state as AppealState] = parseIsoDuration(duration ?? "");
    } catch {
      throw new Error(`${pair}: the deadline must be an ISO 8601 duration such as P30D or PT12H`);
    }
  }
  return out;
}

/** The moment an appeal that entered `state` at `since` is due, or undefined when that state has no deadline. */
export function deadlineOf(deadlines: Deadlines, state: AppealState, since: Date): Date | undefined {
  const ms = deadlines[state];
  return ms === undefined ? undefined : new Date(since.getTime() + ms);
}

/**
 * What passing a deadline does: an applied appeal the hospital has not closed closes by itself (the
 * outcome stands); in every other state the appeal is escalated once (to the ministry's escalation path).
 */
export function overdueAction(state: AppealState): "close" | "escalate" {
  return state === "applied" ? "close" : "escalate";
}
