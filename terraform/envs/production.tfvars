# production: terraform plan -var-file=envs/production.tfvars (README, "Applying it").
environment              = "production"
db_instance_class        = "db.r6g.xlarge"
cache_node_type          = "cache.r6g.large"
raw_retention_days       = 90
deletion_protection      = true
kafka_replication_factor = 3
tags                     = { project = "casemix" }
