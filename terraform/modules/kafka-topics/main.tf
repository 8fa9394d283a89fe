# The Knative Kafka Broker creates its own data topic from kafka-broker-config; these are the topics
# the mesh names itself (events/src/routes.ts `mesh.deadLetter`, shared/bus's dispatcher topics).
resource "kafka_topic" "this" {
  for_each = var.topics

  name               = each.key
  partitions         = each.value.partitions
  replication_factor = each.value.replication_factor

  config = {
    "cleanup.policy"      = "delete"
    "retention.ms"        = tostring(each.value.retention_days * 24 * 60 * 60 * 1000)
    "min.insync.replicas" = tostring(min(var.min_insync_replicas, each.value.replication_factor))
    # Records are CloudEvents that reference S3 objects (claim-check), never large payloads.
    "max.message.bytes" = "1048576"
  }
}
