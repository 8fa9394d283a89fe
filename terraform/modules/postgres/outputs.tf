output "endpoint" {
  description = "host:port of the primary."
  value       = aws_db_instance.this.endpoint
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret of the migrator's password."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
