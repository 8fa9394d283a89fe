output "bucket" {
  description = "The bucket name, for S3_BUCKET."
  value       = aws_s3_bucket.this.id
}

output "kms_key_arn" {
  description = "The key the bucket's objects are encrypted with."
  value       = aws_kms_key.objects.arn
}

output "prefixes" {
  description = "The prefixes with a lifecycle rule."
  value       = sort(keys(var.prefixes))
}
