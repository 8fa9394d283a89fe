import { classifyDbFailure, type Db, type DbError, type Queryable } from "@casemix/db";
import { valueRefused, type CasemixError } from "./errors.ts";

/**
 * A row's key in a handler's write: a claim's row number in its chunk (the batch steps), or a string
 * where the write is not one chunk of one batch (a period slice spans many batches: `<claimId>@<version>`).
 */
export type RowKey = number | string;

/**
 * How a handler lets the runtime find the rows of its write that the database refuses: the row keys
 * (unique in the write) and the same write restricted to some of them. Used only after the whole
 * write was refused (SQLSTATE class 22, 23), so a chunk without a bad value costs nothing.
 */
export type IsolatableWrite<K extends RowKey = number> = {
  rows: readonly K[];
  write: (tx: Queryable, rows: readonly K[]) => Promise<void>;
};

/** A row the database refused, with the error its claim is rejected with (E_VALUE_REFUSED). */
export type RefusedRows<K extends RowKey = number> = ReadonlyMap<K, CasemixError>;

/** Thrown to roll the probing transaction back once the refused rows are known. */
class ProbeDone extends Error {
  readonly refused: Map<RowKey, CasemixError>;
  constructor(refused: Map<RowKey, CasemixError>) {
    super("probe done");
    this.refused = refused;
  }
}

/**
 * Finds the rows whose write the database refuses, by bisection inside one transaction that is
 * rolled back at the end: each probe runs in a savepoint; a half that passes is kept (so later probes
 * see it, as the real write would), a half that is refused is split again down to single rows.
 * k bad rows of n cost O(k log n) probes. A failure that is not a refusal (a lost connection) is
 * thrown as it is: the caller's retry runs everything again.
 *
 * @example
 * const refused = await findRefusedRows(db, { rows: [1, 2, 3], write: (tx, rows) => insertRows(tx, rows) });
 * // Map { 2 => CasemixError E_VALUE_REFUSED "...: the text has a byte the database cannot store ..." }
 */
export async function findRefusedRows<K extends RowKey>(db: Db, target: IsolatableWrite<K>): Promise<Map<K, CasemixError>> {
  try {
    await db.transaction(async (tx) => {
      const refused = new Map<K, CasemixError>();
      const probe = async (rows: readonly K[]): Promise<DbError | undefined> => {
        await tx.query("SAVEPOINT casemix_isolate");
        try {
          await target.write(tx, rows);
          await tx.query("RELEASE SAVEPOINT casemix_isolate");
          return undefined;
        } catch (error) {
          if (classifyDbFailure(error) !== "refused") throw error;
          await tx.query("ROLLBACK TO SAVEPOINT casemix_isolate");
          await tx.query("RELEASE SAVEPOINT casemix_isolate");
          return error as DbError;
        }
      };
      const bisect = async (rows: readonly K[]): Promise<void> => {
        if (rows.length === 0) return;
        const error = await probe(rows);
        if (!error) return;
        if (rows.length === 1) {
          refused.set(rows[0], valueRefused(error));
          return;
        }
        const half = Math.ceil(rows.length / 2);
        await bisect(rows.slice(0, half));
        await bisect(rows.slice(half));
      };
      await bisect(target.rows);
      throw new ProbeDone(refused);
    });
  } catch (error) {
    // The keys are those of target.rows (the probe only ever sets them).
    if (error instanceof ProbeDone) return error.refused as Map<K, CasemixError>;
    throw error;
  }
  throw new Error("unreachable: the probe transaction always rolls back");
}
