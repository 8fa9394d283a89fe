output "bucket" {
  description = "S3_BUCKET for knative/src/settings.ts."
  value       = module.object_store.bucket
}

output "database_endpoint" {
  description = "The PostgreSQL primary."
  value       = module.postgres.endpoint
}

output "topics" {
  description = "Kafka topics created."
  value       = module.kafka_topics.topic_names
}
