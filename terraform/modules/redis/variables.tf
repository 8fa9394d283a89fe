variable "name" {
  description = "The replication group's id (casemix-<env>)."
  type        = string

  validation {
    condition     = can(regex("^casemix-[a-z0-9-]{2,30}$", var.name))
    error_message = "name is casemix-<env>."
  }
}

variable "node_type" {
  description = "Cache node size, e.g. cache.t4g.small: it holds configuration versions only."
  type        = string

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type looks like cache.t4g.small."
  }
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones (primary and replica apart)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids needs at least two private subnets."
  }
}

variable "vpc_id" {
  description = "The VPC the cache lives in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id looks like vpc-0abc..."
  }
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect on 6379."
  type        = list(string)

  validation {
    condition     = length(var.client_security_group_ids) > 0 && alltrue([for s in var.client_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "client_security_group_ids needs at least one security group."
  }
}
