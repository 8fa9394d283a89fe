# Where production keeps its state: terraform init -reconfigure -backend-config=envs/production.backend.hcl
bucket = "casemix-terraform-state-production"
key    = "casemix/production.tfstate"
