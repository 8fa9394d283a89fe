output "secret_arns" {
  description = "Secrets Manager ARNs by environment variable name."
  value       = { for n, s in aws_secretsmanager_secret.this : n => s.arn }
}
