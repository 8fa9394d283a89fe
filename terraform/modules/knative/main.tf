locals {
  # {"functions": {"intake": "registry/casemix/intake@sha256:..."}} written by the image build;
  # absent, the manifests keep their tags (a development cluster).
  image_lock = fileexists(var.image_lock_file) ? jsondecode(file(var.image_lock_file)).functions : {}

  manifest_files = sort(fileset(var.manifests_dir, "*.yaml"))
  documents = flatten([
    for f in local.manifest_files : [
      for i, doc in split("\n---\n", file("${var.manifests_dir}/${f}")) : {
        key = "${f}#${i}"
        yaml = join("\n", [
          for line in split("\n", doc) :
          length(regexall("^\\s+image: casemix/([a-z-]+):", line)) > 0 && contains(keys(local.image_lock), regex("^\\s+image: casemix/([a-z-]+):", line)[0])
          ? "${regex("^(\\s+)image:", line)[0]}image: ${local.image_lock[regex("^\\s+image: casemix/([a-z-]+):", line)[0]]}"
          : line
        ])
      } if length(regexall("(?m)^kind:", doc)) > 0
    ]
  ])
}

resource "kubernetes_namespace" "knative_operator" {
  metadata {
    name = "knative-operator"
  }
}

resource "helm_release" "operator" {
  name       = "knative-operator"
  namespace  = kubernetes_namespace.knative_operator.metadata[0].name
  repository = "https://knative.github.io/operator"
  chart      = "knative-operator"
  version    = "v${var.knative_version}"
}

resource "kubectl_manifest" "serving" {
  yaml_body = yamlencode({
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeServing"
    metadata   = { name = "knative-serving", namespace = "knative-serving" }
    spec = {
      version = var.knative_version
      ingress = { kourier = { enabled = true } }
      config = {
        # cluster-local-domain-tls: the cluster-local -events Services get HTTPS addresses, which strict
        # transport encryption needs to deliver to them (knative/src/settings.ts servingNetwork).
        network    = { "ingress-class" = "kourier.ingress.networking.knative.dev", "cluster-local-domain-tls" = "Enabled" }
        autoscaler = { "enable-scale-to-zero" = "true" }
        defaults   = { "max-revision-timeout-seconds" = "330" }
        features   = { "kubernetes.podspec-securitycontext" = "enabled" }
      }
    }
  })
  depends_on = [helm_release.operator]
}

resource "kubectl_manifest" "eventing" {
  yaml_body = yamlencode({
    apiVersion = "operator.knative.dev/v1beta1"
    kind       = "KnativeEventing"
    metadata   = { name = "knative-eventing", namespace = "knative-eventing" }
    spec = {
      version = var.knative_version
      # The KafkaSource controller (eventing-kafka-broker's source): the generated KafkaSource
      # dead-letter-batches reads the dead-letter topic back so a dead-lettered chunk fails its batch
      # (knative/src/objects.ts deadLetterSource). Without it the letters stay on the topic and their
      # batches stay `processing`.
      source  = { kafka = { enabled = true } }
      config = {
        features = {
          "new-trigger-filters"  = "enabled"
          "delivery-timeout"     = "enabled"
          "authentication-oidc"  = "enabled"
          "transport-encryption" = "strict"
          # A receiver without an EventPolicy takes nothing; the Broker's policy is generated (10-broker.yaml).
          "default-authorization-mode" = "deny-all"
        }
        "kafka-broker-config" = {
          "bootstrap.servers"                  = join(",", var.kafka_bootstrap_servers)
          "default.topic.partitions"           = "12"
          "default.topic.replication.factor"   = "3"
        }
      }
    }
  })
  depends_on = [helm_release.operator]
}

resource "kubernetes_namespace" "casemix" {
  metadata {
    name   = var.namespace
    labels = { "bindings.knative.dev/include" = "true" }
  }
}

resource "kubectl_manifest" "mesh" {
  for_each   = { for d in local.documents : d.key => d.yaml }
  yaml_body  = each.value
  depends_on = [kubectl_manifest.serving, kubectl_manifest.eventing, kubernetes_namespace.casemix]
}
