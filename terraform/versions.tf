terraform {
  # 1.9: a variable's validation may name another variable (deletion_protection in production).
  required_version = ">= 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
    kafka = {
      source  = "Mongey/kafka"
      version = "~> 0.8"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.33"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.15"
    }
    kubectl = {
      source  = "alekc/kubectl"
      version = "~> 2.1"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # State in the environment's own bucket, encrypted, locked; created once by hand (README). The bucket
  # and key are the environment's: `terraform init -reconfigure -backend-config=envs/<env>.backend.hcl`.
  backend "s3" {
    region         = "ap-southeast-5"
    encrypt        = true
    dynamodb_table = "casemix-terraform-locks"
  }
}
