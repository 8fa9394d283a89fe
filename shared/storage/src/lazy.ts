import type { ObjectStore } from "./port.ts";

/**
 * A store whose adapter is created on the first operation. The S3 adapter loads the AWS SDK, ~150 ms of
 * a function's cold start that verifies nothing (no request is made until an object is read or
 * written), so a function answers its readiness probe without it and the first object operation pays
 * it once. Errors of the load or of creating the adapter surface from that operation.
 */
export function createLazyStore(kind: ObjectStore["kind"], open: () => Promise<ObjectStore>): ObjectStore {
  let opening: Promise<ObjectStore> | undefined;
  const store = () => (opening ??= open());
  return {
    kind,
    put: async (key, body) => (await store()).put(key, body),
    putStream: async (key, body) => (await store()).putStream(key, body),
    putOnce: async (key, body) => (await store()).putOnce(key, body),
    get: async (key) => (await store()).get(key),
    getStream: async (key) => (await store()).getStream(key),
    head: async (key) => (await store()).head(key),
    async *list(prefix) {
      yield* (await store()).list(prefix);
    },
    delete: async (key) => (await store()).delete(key),
  };
}
