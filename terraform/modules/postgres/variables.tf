variable "identifier" {
  description = "The database instance's name (casemix-<env>)."
  type        = string

  validation {
    condition     = can(regex("^casemix-[a-z0-9-]{2,40}$", var.identifier))
    error_message = "identifier is casemix-<env>."
  }
}

variable "instance_class" {
  description = "The instance size, e.g. db.r6g.large."
  type        = string

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class looks like db.r6g.large."
  }
}

variable "allocated_storage_gb" {
  description = "Storage at creation, GiB; it grows automatically up to max_allocated_storage_gb."
  type        = number
  default     = 100

  validation {
    condition     = var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 10000
    error_message = "allocated_storage_gb must be between 20 and 10000."
  }
}

variable "max_allocated_storage_gb" {
  description = "The ceiling for storage autoscaling, GiB."
  type        = number
  default     = 1000

  validation {
    condition     = var.max_allocated_storage_gb >= 20 && var.max_allocated_storage_gb <= 65536
    error_message = "max_allocated_storage_gb must be between 20 and 65536."
  }
}

variable "backup_retention_days" {
  description = "Days of automated backups and WAL kept for point-in-time recovery (the system's RPO is 15 minutes)."
  type        = number
  default     = 14

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35: point-in-time recovery stays on."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance (true in production)."
  type        = bool

  validation {
    condition     = contains([true, false], var.deletion_protection)
    error_message = "deletion_protection is true or false."
  }
}

variable "vpc_id" {
  description = "The VPC the database lives in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id looks like vpc-0abc..."
  }
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones (the standby goes in another zone)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids needs at least two private subnets (subnet-...)."
  }
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect on 5432 (the cluster's nodes, PgBouncer)."
  type        = list(string)

  validation {
    condition     = length(var.client_security_group_ids) > 0 && alltrue([for s in var.client_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "client_security_group_ids needs at least one security group (sg-...)."
  }
}
