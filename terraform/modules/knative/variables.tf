variable "knative_version" {
  description = "Knative Serving and Eventing release, pinned to the CRDs the manifests are validated against (../shared/schemas/knative/)."
  type        = string
  default     = "1.16.0"

  validation {
    condition     = can(regex("^1\\.(1[6-9]|[2-9][0-9])\\.[0-9]+$", var.knative_version))
    error_message = "knative_version must be 1.16.0 or later: EventPolicy and Eventing OIDC need it."
  }
}

variable "namespace" {
  description = "Namespace of the functions, the Broker and its Triggers."
  type        = string
  default     = "casemix"

  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.namespace))
    error_message = "namespace is a DNS label."
  }
}

variable "manifests_dir" {
  description = "The generated manifests (knative/manifests), applied in file order."
  type        = string

  validation {
    condition     = length(var.manifests_dir) > 0
    error_message = "manifests_dir is required."
  }
}

variable "image_lock_file" {
  description = "The image build's lock file (function -> image@sha256 digest); when it exists, every function's image is pinned to its digest."
  type        = string

  validation {
    condition     = endswith(var.image_lock_file, ".json")
    error_message = "image_lock_file is a .json file."
  }
}

variable "kafka_bootstrap_servers" {
  description = "host:port of the Kafka cluster behind the Broker and the dead-letter sink."
  type        = list(string)

  validation {
    condition     = length(var.kafka_bootstrap_servers) > 0 && alltrue([for s in var.kafka_bootstrap_servers : can(regex("^[a-z0-9.-]+:[0-9]+$", s))])
    error_message = "kafka_bootstrap_servers are host:port."
  }
}
