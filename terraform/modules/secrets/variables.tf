variable "environment" {
  description = "staging or production: the Secrets Manager path is casemix/<environment>/<NAME>."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment is staging or production."
  }
}

variable "names" {
  description = "Every secret environment variable the functions read (knative/src/settings.ts `deployment.secretKeys`)."
  type        = set(string)

  validation {
    condition     = length(var.names) > 0 && alltrue([for n in var.names : can(regex("^[A-Z][A-Z0-9_]+$", n))])
    error_message = "Secret names are environment variable names (A-Z, 0-9, _)."
  }
}

variable "generated" {
  description = "Values Terraform itself produces (REDIS_URL); the others are put into Secrets Manager by an operator."
  type        = map(string)
  sensitive   = true

  validation {
    condition     = alltrue([for v in values(var.generated) : length(v) > 0])
    error_message = "A generated secret value may not be empty."
  }
}

variable "namespace" {
  description = "The Kubernetes namespace of the functions."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.namespace))
    error_message = "namespace is a DNS label."
  }
}

variable "kubernetes_secret_name" {
  description = "The Secret every Knative Service reads with envFrom (knative/src/settings.ts `envSecret`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.kubernetes_secret_name))
    error_message = "kubernetes_secret_name is a DNS label."
  }
}
