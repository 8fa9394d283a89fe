import type { DeadLetter } from "./port.ts";

/** Where dead letters are kept: memory for tests, the database's dead_letter table when embedded. */
export interface DeadLetterStore {
  add(letter: DeadLetter): Promise<void>;
  list(): Promise<DeadLetter[]>;
  take(id: string): Promise<DeadLetter | undefined>;
}

export function createMemoryDeadLetterStore(): DeadLetterStore {
  const letters = new Map<string, DeadLetter>();
  return {
    add: async (letter) => void letters.set(letter.id, letter),
    list: async () => [...letters.values()],
    take: async (id) => {
      const letter = letters.get(id);
      letters.delete(id);
      return letter;
    },
  };
}
