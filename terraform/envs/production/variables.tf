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
