# Where staging keeps its state: terraform init -reconfigure -backend-config=envs/staging.backend.hcl
bucket = "casemix-terraform-state-staging"
key    = "casemix/staging.tfstate"
