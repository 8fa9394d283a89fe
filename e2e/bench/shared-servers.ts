import { javaHeapCap, pidsMatching } from "./proc-stats.ts";
import type { createSampler } from "./sampler.ts";

/**
 * Follows the servers of scripts/services-up.sh that a distributed run uses, found by their command
 * lines (they may have been started from another checkout). They serve other users of this machine
 * too, so their CPU is whatever they did during the run, ours or not; their peak is the highest
 * resident set sampled during the run, not their lifetime VmHWM.
 */
export function followSharedServers(sampler: ReturnType<typeof createSampler>, databaseName: string): Map<string, string> {
  const notes = new Map<string, string>();
  const [kafka] = pidsMatching("kafka.Kafka");
  if (kafka) {
    sampler.process("kafka (java)", kafka);
    notes.set("kafka (java)", `shared server; heap cap -Xmx${javaHeapCap(kafka) ?? "?"}; RSS sampled`);
  }
  const [s3] = pidsMatching("org.gaul.s3proxy.Main");
  if (s3) {
    sampler.process("s3proxy (java)", s3);
    notes.set("s3proxy (java)", `shared server; heap cap -Xmx${javaHeapCap(s3) ?? "?"}; RSS sampled`);
  }
  const [redis] = pidsMatching("redis-server");
  if (redis) {
    sampler.process("redis", redis);
    notes.set("redis", "shared server; RSS sampled");
  }
  // A PostgreSQL backend's title is "postgres: <user> <database> <client> <state>".
  sampler.group("postgres backends", ` ${databaseName} `);
  notes.set("postgres backends", "this run's database only: CPU and PSS summed over its backends");
  return notes;
}
