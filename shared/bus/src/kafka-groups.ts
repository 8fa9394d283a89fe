import type { Kafka } from "kafkajs";

export type BusyGroup = { groupId: string; state: string; members: { clientId: string; host: string }[] };

/**
 * The consumer groups among `groupIds` that have members now. `casemix mesh` asks before it joins: a
 * member it does not know of is another mesh (or a stray one left running) on the same Kafka, and two
 * dispatchers in one group split the partitions between them, each delivering to its own functions.
 */
export async function consumerGroupsWithMembers(brokers: string[], groupIds: string[], clientId = "casemix-groups"): Promise<BusyGroup[]> {
  const { Kafka: KafkaClient, logLevel } = await import("kafkajs");
  const kafka: Kafka = new KafkaClient({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 200 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups(groupIds);
    return groups
      .filter((g) => g.members.length > 0)
      .map((g) => ({ groupId: g.groupId, state: g.state, members: g.members.map((m) => ({ clientId: m.clientId, host: m.clientHost })) }));
  } finally {
    await admin.disconnect();
  }
}
