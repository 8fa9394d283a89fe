# The facts the functions name, in one place: each list is checked against the code by
# terraform/check (topics from events/src/routes.ts and shared/bus, prefixes from
# shared/storage/src/layout.ts, secrets from knative/src/settings.ts).
locals {
  topics = {
    # Knative's dead-letter KafkaSink (events/src/routes.ts `mesh.deadLetter.topic`).
    "casemix.dead-letter" = { partitions = 12, replication_factor = var.kafka_replication_factor, retention_days = 30 }
    # The dispatcher of the distributed mode without Knative (shared/bus/src/kafka.ts) and its dead letters.
    "casemix.events"     = { partitions = 12, replication_factor = var.kafka_replication_factor, retention_days = 7 }
    "casemix.events.dlq" = { partitions = 1, replication_factor = var.kafka_replication_factor, retention_days = 30 }
  }

  prefixes = {
    raw            = { expire_days = var.raw_retention_days }
    landing        = {}
    validate       = {}
    dedupe         = {}
    group          = {}
    price          = {}
    "flag-outlier" = {}
    curated        = { infrequent_access_days = 180 }
    exports        = { expire_days = 730 }
  }

  secret_names = ["DATABASE_URL", "PATIENT_PSEUDONYM_KEY", "REDIS_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]
}

module "kafka_topics" {
  source = "../kafka-topics"
  topics = local.topics
}

module "object_store" {
  source           = "../object-store"
  bucket_name      = "casemix-${var.environment}"
  prefixes         = local.prefixes
  writer_role_arns = [var.functions_role_arn]
  force_destroy    = !var.deletion_protection
}

module "postgres" {
  source                    = "../postgres"
  identifier                = "casemix-${var.environment}"
  instance_class            = var.db_instance_class
  deletion_protection       = var.deletion_protection
  vpc_id                    = var.vpc_id
  subnet_ids                = var.private_subnet_ids
  client_security_group_ids = [var.cluster_security_group_id]
}

module "redis" {
  source                    = "../redis"
  name                      = "casemix-${var.environment}"
  node_type                 = var.cache_node_type
  vpc_id                    = var.vpc_id
  subnet_ids                = var.private_subnet_ids
  client_security_group_ids = [var.cluster_security_group_id]
}

module "knative" {
  source                  = "../knative"
  manifests_dir           = var.manifests_dir
  image_lock_file         = var.image_lock_file
  kafka_bootstrap_servers = var.kafka_bootstrap_servers
}

module "secrets" {
  source                 = "../secrets"
  environment            = var.environment
  names                  = toset(local.secret_names)
  generated              = { REDIS_URL = module.redis.url }
  namespace              = "casemix"
  kubernetes_secret_name = "casemix-secrets"
  depends_on             = [module.knative]
}
