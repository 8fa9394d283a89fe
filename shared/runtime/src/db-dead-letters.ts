import type { DeadLetter, DeadLetterStore } from "@casemix/bus";
import { addDeadLetter, listDeadLetters, takeDeadLetter, type Db, type DeadLetterRow } from "@casemix/db";
import type { CasemixEvent } from "@casemix/events";

const toLetter = (row: DeadLetterRow): DeadLetter => ({ ...row, event: row.event as CasemixEvent });

/**
 * Dead letters of the embedded mesh, kept in the database's dead_letter table so `casemix dlq` sees
 * them after a restart. A letter dead-lettered again after a replay keeps its first record.
 */
export function createDbDeadLetterStore(db: Db): DeadLetterStore {
  return {
    add: (letter) => addDeadLetter(db, { ...letter, attempts: Math.max(1, letter.attempts), at: undefined }),
    list: async () => (await listDeadLetters(db, { limit: 100_000 })).map(toLetter),
    take: async (id) => {
      const row = await takeDeadLetter(db, id);
      return row ? toLetter(row) : undefined;
    },
  };
}
