import { createKafkaBus } from "@casemix/bus";
import { createPostgresDb } from "../../db/src/postgres.ts";
import { migrate } from "../../db/src/migrate.ts";
import { describeBusContract } from "./bus-contract.suite.ts";
import { integrationEnv, uniqueName } from "./integration-env.ts";

const env = integrationEnv();
const run = uniqueName("bus");

describeBusContract({
  name: "Kafka bus, HTTP delivery to served functions, PostgreSQL",
  mode: "http",
  waitMs: 60_000,
  makeBus: async (routes, onDeadLetter) =>
    createKafkaBus({ brokers: env.KAFKA_BROKERS.split(","), routes, topic: `casemix.test.${run}`, groupPrefix: run, partitions: 3, onDeadLetter }),
  makeDb: async () => {
    const admin = createPostgresDb({ url: env.DATABASE_URL, max: 1 });
    await admin.query(`CREATE SCHEMA ${run}`);
    await admin.close();
    const db = createPostgresDb({ url: env.DATABASE_URL, schema: run, max: 10 });
    await migrate(db);
    return db;
  },
});
