import type { Cache } from "@casemix/cache";

/**
 * A minimal in-memory `Cache` (no expiry), for tools that run without a platform (the CLI) and for
 * tests. Functions get `platform.cache` instead.
 */
export function createMemoryConfigCache(): Cache {
  const map = new Map<string, string>();
  return {
    kind: "memory",
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
    deletePrefix: async (prefix) => {
      let n = 0;
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) n += Number(map.delete(key));
      return n;
    },
    close: async () => map.clear(),
  };
}
