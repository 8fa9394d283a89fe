import { canonicalAudit, GENESIS_HASH, linkHash, type AuditRecordFields } from "./audit.ts";
import type { Queryable } from "./port.ts";

/** The first link of a chain that does not hold, named by the record's id, chain and seq. */
export type BrokenLink = { id: string | null; chain: string; seq: number; reason: string };

export type AuditVerification = { ok: boolean; chains: number; records: number; broken: BrokenLink[] };

type RecordRow = AuditRecordFields & { id: string; seq: string; prev_hash: string; hash: string };
type HeadRow = { chain: string; seq: string; head: string };

const PAGE = 5_000;

/**
 * Recomputes every chain from its first record: each seq follows the last, each prev_hash is the last
 * hash, each hash is sha256(prev_hash, canonical record), and the chain ends at the head audit_chain
 * holds (a deleted tail leaves the head ahead). Reads in pages, so a long trail does not fill memory.
 * `broken` holds the first broken link of each broken chain, lowest record id first.
 */
export async function verifyAudit(db: Queryable): Promise<AuditVerification> {
  const heads = new Map((await db.query<HeadRow>("select chain, seq, head from audit_chain")).rows.map((h) => [h.chain, h]));
  const broken = new Map<string, BrokenLink>();
  const last = new Map<string, { seq: number; hash: string }>();
  let records = 0;
  let after: [string, string] = ["", "0"];
  for (;;) {
    const { rows } = await db.query<RecordRow>(
      `select id, chain, seq, prev_hash, hash, at, actor, roles, hospital, action, object, request_id, trace_id, detail
       from audit_record where (chain, seq) > ($1, $2::bigint) order by chain, seq limit ${PAGE}`,
      after,
    );
    for (const r of rows) {
      records++;
      if (broken.has(r.chain)) continue;
      const seq = Number(r.seq);
      const before = last.get(r.chain) ?? { seq: 0, hash: GENESIS_HASH };
      const reason =
        seq !== before.seq + 1 ? `seq ${seq} follows ${before.seq}: a record is missing`
        : r.prev_hash !== before.hash ? "prev_hash is not the previous record's hash"
        : r.hash !== linkHash(r.prev_hash, canonicalAudit(r)) ? "hash does not match the record's content"
        : undefined;
      if (reason) broken.set(r.chain, { id: String(r.id), chain: r.chain, seq, reason });
      last.set(r.chain, { seq, hash: r.hash });
    }
    if (rows.length < PAGE) break;
    const end = rows[rows.length - 1];
    after = [end.chain, String(end.seq)];
  }
  for (const [chain, head] of heads) {
    if (broken.has(chain)) continue;
    const end = last.get(chain);
    if (!end || end.seq !== Number(head.seq) || end.hash !== head.head) {
      broken.set(chain, { id: null, chain, seq: (end?.seq ?? 0) + 1, reason: `the chain head is at seq ${head.seq} but the records end at ${end?.seq ?? 0}: records were deleted` });
    }
  }
  for (const chain of last.keys()) {
    if (!heads.has(chain) && !broken.has(chain)) broken.set(chain, { id: null, chain, seq: 1, reason: "records of a chain with no head" });
  }
  const list = [...broken.values()].sort((a, b) => Number(a.id ?? Infinity) - Number(b.id ?? Infinity));
  return { ok: list.length === 0, chains: new Set([...heads.keys(), ...last.keys()]).size, records, broken: list };
}
