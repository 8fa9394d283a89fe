variable "environment" {
  description = "staging or production."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment is staging or production."
  }
}

variable "vpc_id" {
  description = "The VPC of the cluster, database and cache."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id looks like vpc-0abc..."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets in at least two availability zones of the Malaysia region."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets (two zones) are needed for the standby."
  }
}

variable "cluster_security_group_id" {
  description = "The Kubernetes nodes' security group: the only client of the database and cache."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.cluster_security_group_id))
    error_message = "cluster_security_group_id looks like sg-0abc..."
  }
}

variable "functions_role_arn" {
  description = "The functions' IAM role (workload identity): uses the bucket's and the secrets' keys."
  type        = string

  validation {
    condition     = can(regex("^arn:aws:iam::[0-9]{12}:role/", var.functions_role_arn))
    error_message = "functions_role_arn is an IAM role ARN."
  }
}

variable "db_instance_class" {
  description = "PostgreSQL instance size."
  type        = string

  validation {
    condition     = can(regex("^db\\.", var.db_instance_class))
    error_message = "db_instance_class looks like db.r6g.large."
  }
}

variable "cache_node_type" {
  description = "Redis node size."
  type        = string

  validation {
    condition     = can(regex("^cache\\.", var.cache_node_type))
    error_message = "cache_node_type looks like cache.t4g.small."
  }
}

variable "raw_retention_days" {
  description = "Days raw uploads (the only objects with direct patient identifiers) are kept: the ministry's retention schedule under the PDPA 2010."
  type        = number
  default     = 90

  validation {
    condition     = var.raw_retention_days >= 7 && var.raw_retention_days <= 3650
    error_message = "raw_retention_days must be between 7 and 3650."
  }
}

variable "deletion_protection" {
  description = "Protect the database from deletion and keep the bucket's objects on destroy (production: true)."
  type        = bool

  validation {
    condition     = contains([true, false], var.deletion_protection)
    error_message = "deletion_protection is true or false."
  }
}

variable "kafka_bootstrap_servers" {
  description = "host:port of the Kafka cluster."
  type        = list(string)

  validation {
    condition     = length(var.kafka_bootstrap_servers) > 0
    error_message = "At least one Kafka bootstrap server."
  }
}

variable "kafka_replication_factor" {
  description = "Replicas per topic (3 in production: one broker may fail)."
  type        = number

  validation {
    condition     = var.kafka_replication_factor >= 1 && var.kafka_replication_factor <= 5
    error_message = "kafka_replication_factor must be between 1 and 5."
  }
}

variable "manifests_dir" {
  description = "The generated Knative manifests."
  type        = string

  validation {
    condition     = length(var.manifests_dir) > 0
    error_message = "manifests_dir is required."
  }
}

variable "image_lock_file" {
  description = "The image build's lock file (function -> digest)."
  type        = string

  validation {
    condition     = endswith(var.image_lock_file, ".json")
    error_message = "image_lock_file is a .json file."
  }
}
