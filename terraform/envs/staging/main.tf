provider "aws" {
  region = var.region
  default_tags {
    tags = { project = "casemix", environment = "staging" }
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
  source                    = "../../modules/platform"
  environment               = "staging"
  vpc_id                    = var.vpc_id
  private_subnet_ids        = var.private_subnet_ids
  cluster_security_group_id = var.cluster_security_group_id
  functions_role_arn        = var.functions_role_arn
  db_instance_class         = "db.t4g.large"
  cache_node_type           = "cache.t4g.small"
  raw_retention_days        = 30
  deletion_protection       = false
  kafka_bootstrap_servers   = var.kafka_bootstrap_servers
  kafka_replication_factor  = 3
  manifests_dir             = "${path.root}/../../../knative/manifests"
  image_lock_file           = "${path.root}/../../../knative/images.lock.json"
}
