terraform {
  required_version = ">= 1.6"
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

  # State in the environment's own bucket, encrypted, locked; created once by hand (README).
  backend "s3" {
    bucket         = "casemix-terraform-state-staging"
    key            = "casemix/staging.tfstate"
    region         = "ap-southeast-5"
    encrypt        = true
    dynamodb_table = "casemix-terraform-locks"
  }
}
