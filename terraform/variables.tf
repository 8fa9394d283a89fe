variable "region" {
  description = "AWS region: Malaysia (ap-southeast-5), so patient data stays in the country."
  type        = string
  default     = "ap-southeast-5"

  validation {
    condition     = var.region == "ap-southeast-5"
    error_message = "Patient data stays in Malaysia: region must be ap-southeast-5."
  }
}

variable "vpc_id" {
  description = "The environment's VPC."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id looks like vpc-0abc..."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets, one per availability zone."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "At least two private subnets."
  }
}

variable "cluster_security_group_id" {
  description = "The Kubernetes nodes' security group."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.cluster_security_group_id))
    error_message = "cluster_security_group_id looks like sg-0abc..."
  }
}

variable "functions_role_arn" {
  description = "The functions' IAM role."
  type        = string

  validation {
    condition     = can(regex("^arn:aws:iam::[0-9]{12}:role/", var.functions_role_arn))
    error_message = "functions_role_arn is an IAM role ARN."
  }
}

variable "kubeconfig_context" {
  description = "The kubeconfig context of the environment's cluster."
  type        = string

  validation {
    condition     = length(var.kubeconfig_context) > 0
    error_message = "kubeconfig_context is required."
  }
}

variable "kafka_bootstrap_servers" {
  description = "host:port of the Kafka cluster (in-cluster Strimzi or managed)."
  type        = list(string)
  default     = ["casemix-kafka-bootstrap.kafka.svc:9092"]

  validation {
    condition     = length(var.kafka_bootstrap_servers) > 0
    error_message = "At least one Kafka bootstrap server."
  }
}

# What differs between environments: set in envs/<env>.tfvars.

variable "environment" {
  description = "staging or production: names the bucket, database, cache, secrets and the environment tag."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment is staging or production."
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

  validation {
    condition     = var.raw_retention_days >= 7 && var.raw_retention_days <= 3650
    error_message = "raw_retention_days must be between 7 and 3650."
  }
}

variable "deletion_protection" {
  description = "Protect the database from deletion and keep the bucket's objects on destroy."
  type        = bool

  # A -var on the command line cannot turn it off in production either.
  validation {
    condition     = var.environment != "production" || var.deletion_protection
    error_message = "production keeps deletion_protection = true."
  }
}

variable "kafka_replication_factor" {
  description = "Replicas per topic (3: one broker may fail)."
  type        = number

  validation {
    condition     = var.kafka_replication_factor >= 1 && var.kafka_replication_factor <= 5
    error_message = "kafka_replication_factor must be between 1 and 5."
  }
}

variable "tags" {
  description = "Tags on every AWS resource; the environment tag is added from var.environment."
  type        = map(string)

  validation {
    condition     = lookup(var.tags, "project", "") != "" && !contains(keys(var.tags), "environment")
    error_message = "tags name the project and leave out environment (it comes from var.environment)."
  }
}
