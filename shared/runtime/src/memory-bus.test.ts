import { createMemoryBus } from "@casemix/bus";
import { createPgliteDb } from "../../db/src/pglite.ts";
import { migrate } from "../../db/src/migrate.ts";
import { describeBusContract } from "./bus-contract.suite.ts";

describeBusContract({
  name: "in-process bus, direct delivery, PGlite",
  mode: "direct",
  makeBus: async (routes, onDeadLetter) => createMemoryBus({ routes, onDeadLetter }),
  makeDb: async () => {
    const db = await createPgliteDb();
    await migrate(db);
    return db;
  },
});
