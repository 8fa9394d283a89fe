variable "bucket_name" {
  description = "The environment's one bucket (casemix-<env>); every object lives under one of `prefixes`."
  type        = string

  validation {
    condition     = can(regex("^casemix-[a-z0-9-]{2,40}$", var.bucket_name))
    error_message = "bucket_name is casemix-<env>: lower-case letters, digits and '-'."
  }
}

variable "prefixes" {
  description = "Top-level key prefixes (without '/') and their lifecycle: expire after N days (null: never by age), move to infrequent access after N days (null: never)."
  type = map(object({
    expire_days              = optional(number)
    infrequent_access_days   = optional(number)
  }))

  validation {
    condition     = alltrue([for p in keys(var.prefixes) : can(regex("^[a-z][a-z-]*$", p))])
    error_message = "A prefix is a lower-case word (letters and '-'), given without the trailing '/'."
  }
  validation {
    condition     = alltrue([for r in values(var.prefixes) : r.expire_days == null ? true : r.expire_days >= 1])
    error_message = "expire_days must be at least 1 when set."
  }
  validation {
    condition     = alltrue([for r in values(var.prefixes) : r.infrequent_access_days == null ? true : r.infrequent_access_days >= 30])
    error_message = "infrequent_access_days must be at least 30 (S3's minimum for STANDARD_IA)."
  }
}

variable "writer_role_arns" {
  description = "IAM roles allowed to use the bucket's KMS key (the functions' workload identity)."
  type        = list(string)

  validation {
    condition     = length(var.writer_role_arns) > 0 && alltrue([for a in var.writer_role_arns : can(regex("^arn:aws:iam::[0-9]{12}:role/", a))])
    error_message = "writer_role_arns must name at least one IAM role ARN."
  }
}

variable "force_destroy" {
  description = "Let `terraform destroy` empty the bucket (staging only; production keeps its objects)."
  type        = bool
  default     = false

  validation {
    condition     = contains([true, false], var.force_destroy)
    error_message = "force_destroy is true or false."
  }
}
