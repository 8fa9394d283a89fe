output "bucket" {
  description = "S3_BUCKET for the functions."
  value       = module.platform.bucket
}

output "database_endpoint" {
  description = "The PostgreSQL primary."
  value       = module.platform.database_endpoint
}
