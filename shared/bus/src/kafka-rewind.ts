import type { Admin } from "kafkajs";

/** What a rewind moved, per consumer group: records to be delivered again. */
export type RewindResult = { groupId: string; records: number }[];

/**
 * Moves each group's committed offsets on `topic` back to the first record produced at or after `to`,
 * never forward: a partition whose committed offset is already earlier keeps it. The groups must have
 * no members (Kafka refuses to set the offsets of an active group), so the caller stops its consumers
 * first. Used after a database is restored to an earlier point: every event whose effects the restore
 * lost is delivered again, and the functions' idempotency records (restored to the same point) let
 * through exactly those.
 */
export async function rewindGroups(admin: Admin, topic: string, groupIds: readonly string[], to: Date): Promise<RewindResult> {
  const atTime = await admin.fetchTopicOffsetsByTimestamp(topic, to.getTime());
  const result: RewindResult = [];
  for (const groupId of groupIds) {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    let records = 0n;
    const partitions = atTime.map(({ partition, offset }) => {
      const target = BigInt(offset);
      const current = byPartition.get(partition) ?? -1n;
      // -1: nothing committed yet, the group starts from the beginning anyway.
      if (current < 0n || current <= target) return { partition, offset: current < 0n ? "-1" : current.toString() };
      records += current - target;
      return { partition, offset: target.toString() };
    });
    await admin.setOffsets({ groupId, topic, partitions: partitions.filter((p) => p.offset !== "-1") });
    result.push({ groupId, records: Number(records) });
  }
  return result;
}
