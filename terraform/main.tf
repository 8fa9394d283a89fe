# The one root of every environment: envs/<env>.tfvars holds what differs between them and
# envs/<env>.backend.hcl where each keeps its state (README, "Applying it").
provider "aws" {
  region = var.region
  default_tags {
    # The environment tag comes from var.environment so that it cannot disagree with it.
    tags = merge(var.tags, { environment = var.environment })
  }
}

provider "kubernetes" {
  config_path    = "~/.kube/config"
  config_context = var.kubeconfig_context
}

provider "helm" {
  kubernetes {
    config_path    = "~/.kube/config"
    config_context = var.kubeconfig_context
  }
}

provider "kubectl" {
  config_path    = "~/.kube/config"
  config_context = var.kubeconfig_context
}

provider "kafka" {
  bootstrap_servers = var.kafka_bootstrap_servers
  tls_enabled       = true
}

module "platform" {
  source                    = "./modules/platform"
  environment               = var.environment
  vpc_id                    = var.vpc_id
  private_subnet_ids        = var.private_subnet_ids
  cluster_security_group_id = var.cluster_security_group_id
  functions_role_arn        = var.functions_role_arn
  db_instance_class         = var.db_instance_class
  cache_node_type           = var.cache_node_type
  raw_retention_days        = var.raw_retention_days
  deletion_protection       = var.deletion_protection
  kafka_bootstrap_servers   = var.kafka_bootstrap_servers
  kafka_replication_factor  = var.kafka_replication_factor
  manifests_dir             = "${path.root}/../knative/manifests"
  image_lock_file           = "${path.root}/../knative/images.lock.json"
}
