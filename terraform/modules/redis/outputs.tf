output "url" {
  description = "REDIS_URL for the functions (TLS, with the auth token)."
  value       = "rediss://:${random_password.auth.result}@${aws_elasticache_replication_group.this.primary_endpoint_address}:6379"
  sensitive   = true
}
