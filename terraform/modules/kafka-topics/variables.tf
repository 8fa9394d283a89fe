variable "topics" {
  description = "Topics to create, by name: partitions, replication factor, retention and cleanup policy."
  type = map(object({
    partitions         = number
    replication_factor = number
    retention_days     = number
  }))

  validation {
    condition     = alltrue([for name, t in var.topics : can(regex("^casemix\\.[a-z0-9.-]+$", name))])
    error_message = "Topic names start with 'casemix.' and use lower-case letters, digits, '.' and '-'."
  }
  validation {
    condition     = alltrue([for t in values(var.topics) : t.partitions >= 1 && t.partitions <= 120])
    error_message = "partitions must be between 1 and 120."
  }
  validation {
    condition     = alltrue([for t in values(var.topics) : t.replication_factor >= 1 && t.replication_factor <= 5])
    error_message = "replication_factor must be between 1 and 5."
  }
  validation {
    condition     = alltrue([for t in values(var.topics) : t.retention_days >= 1 && t.retention_days <= 365])
    error_message = "retention_days must be between 1 and 365."
  }
}

variable "min_insync_replicas" {
  description = "min.insync.replicas for every topic: with acks=all a write survives the loss of one broker."
  type        = number
  default     = 2

  validation {
    condition     = var.min_insync_replicas >= 1 && var.min_insync_replicas <= 3
    error_message = "min_insync_replicas must be between 1 and 3."
  }
}
