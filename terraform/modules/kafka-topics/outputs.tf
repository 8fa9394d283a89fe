output "topic_names" {
  description = "The topics created."
  value       = sort(keys(kafka_topic.this))
}
