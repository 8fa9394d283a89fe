# staging: terraform plan -var-file=envs/staging.tfvars (README, "Applying it").
environment              = "staging"
db_instance_class        = "db.t4g.large"
cache_node_type          = "cache.t4g.small"
raw_retention_days       = 30
deletion_protection      = false
kafka_replication_factor = 3
tags                     = { project = "casemix" }
