import { createKafkaBus, type DeadLetter } from "@casemix/bus";
import { appendOutbox, createDb, migrate } from "@casemix/db";
import { mesh, routes } from "@casemix/events";
import { BaseEnvSchema, createDbDeadLetterStore, parseEnv } from "@casemix/runtime";
import { REPLAY_ROUTE_ATTRIBUTE } from "@casemix/bus";

export const summary = "list or replay dead-lettered events: dlq list | dlq replay <id>|--all";

const USAGE = `usage: casemix dlq list [--json] [--knative]
       casemix dlq replay <id> | --all

With KAFKA_BROKERS set, reads the broker's dead-letter topic (with --knative, the topic of the
Knative KafkaSink, ${mesh.deadLetter.topic}: list only); otherwise the embedded mesh's database
(DATABASE_URL, or the PGlite folder PGLITE_DATA_DIR, default .data/pglite). A replayed event goes
back to the one route it failed on, with its original id, so the function's idempotency still holds.`;

/** `casemix dlq`: what was dead-lettered, and sending it again once the cause is fixed. */
export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  const [verb, ...rest] = args;
  if (verb !== "list" && verb !== "replay") {
    console.error(USAGE);
    return 2;
  }
  const env = parseEnv(BaseEnvSchema, { PGLITE_DATA_DIR: ".data/pglite", ...source });
  const knative = rest.includes("--knative");
  if (knative && (verb !== "list" || !env.KAFKA_BROKERS)) {
    // A replay goes onto the local broker's topic, which no Knative Trigger reads.
    console.error("casemix dlq: --knative lists the Knative dead-letter topic (KAFKA_BROKERS set); it does not replay");
    return 2;
  }
  const store = env.KAFKA_BROKERS ? kafkaStore(env.KAFKA_BROKERS, knative ? mesh.deadLetter.topic : undefined) : await dbStore(env);
  try {
    const letters = await store.list();
    if (verb === "list") {
      if (rest.includes("--json")) console.log(JSON.stringify(letters, null, 2));
      else printTable(letters);
      return 0;
    }
    const ids = rest.includes("--all") ? letters.map((l) => l.id) : rest.filter((a) => !a.startsWith("--"));
    if (ids.length === 0) {
      console.error("casemix dlq replay: name a dead letter id, or --all");
      return 2;
    }
    for (const id of ids) {
      await store.replay(id);
      console.log(`replayed ${id}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

type Store = { list(): Promise<DeadLetter[]>; replay(id: string): Promise<void>; close(): Promise<void> };

function kafkaStore(brokers: string, deadLetterTopic?: string): Store {
  const bus = createKafkaBus({ brokers: brokers.split(","), routes, deadLetterTopic });
  return { list: () => bus.deadLetters(), replay: (id) => bus.replay(id), close: () => bus.close() };
}

/** Embedded: the letter moves back into the outbox, which the running (or next) mesh relays. */
async function dbStore(env: ReturnType<typeof parseEnv<typeof BaseEnvSchema>>): Promise<Store> {
  const db = await createDb(env);
  await migrate(db);
  const letters = createDbDeadLetterStore(db);
  return {
    list: () => letters.list(),
    replay: async (id) => {
      await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ route: string; event: Record<string, unknown> }>("DELETE FROM dead_letter WHERE id = $1 RETURNING route, event", [id]);
        if (!rows[0]) throw new Error(`no dead letter ${id}`);
        const event = typeof rows[0].event === "string" ? JSON.parse(rows[0].event) : rows[0].event;
        await appendOutbox(tx, [{ ...event, [REPLAY_ROUTE_ATTRIBUTE]: rows[0].route }]);
      });
    },
    close: () => db.close(),
  };
}

function printTable(letters: DeadLetter[]): void {
  if (letters.length === 0) {
    console.log("no dead letters");
    return;
  }
  for (const l of letters) {
    console.log(`${l.id}  route=${l.route}  status=${l.status}  attempts=${l.attempts}  type=${l.event.type}  event=${l.event.id}\n    ${l.reason}`);
  }
  console.log(`${letters.length} dead letter(s)`);
}

/** Printed by `casemix dlq --help` (main.ts), which never runs the command. */
export const usage = USAGE;
