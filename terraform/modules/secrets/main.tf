resource "aws_kms_key" "secrets" {
  description         = "casemix secrets (${var.environment})"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "this" {
  for_each                = var.names
  name                    = "casemix/${var.environment}/${each.value}"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = 30
}

# nonsensitive(): the names of the generated values are not secret, only the values are.
resource "aws_secretsmanager_secret_version" "generated" {
  for_each      = nonsensitive(toset(keys(var.generated)))
  secret_id     = aws_secretsmanager_secret.this[each.value].id
  secret_string = var.generated[each.value]
}

# External Secrets Operator copies the values into the Secret the Services read, so no secret value
# passes through Terraform's plan or state for the operator-supplied ones.
resource "kubernetes_manifest" "external_secret" {
  manifest = {
    apiVersion = "external-secrets.io/v1beta1"
    kind       = "ExternalSecret"
    metadata = {
      name      = var.kubernetes_secret_name
      namespace = var.namespace
    }
    spec = {
      refreshInterval = "1h"
      secretStoreRef  = { kind = "ClusterSecretStore", name = "aws-secrets-manager" }
      target          = { name = var.kubernetes_secret_name, creationPolicy = "Owner" }
      data = [for n in sort(tolist(var.names)) : {
        secretKey = n
        remoteRef = { key = aws_secretsmanager_secret.this[n].name }
      }]
    }
  }
}
