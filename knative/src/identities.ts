/**
 * The OIDC identity (service account) Knative Eventing gives a Trigger, which the Kafka Broker's
 * dispatcher sends each delivery with: `<trigger>-oidc-<group>-<kind>`, lower case
 * (knative.dev/eventing pkg/auth `GetOIDCServiceAccountNameForResource`, built with `kmeta.ChildName`).
 * Earlier releases named it `oidc-<group>-<kind>-<name>`; check a running cluster with
 * `kubectl get trigger <name> -o jsonpath='{.status.auth.serviceAccountName}'`.
 */
export function triggerIdentity(trigger: string): string {
  return oidcIdentity(trigger, "eventing.knative.dev", "trigger");
}

/**
 * The same for a KafkaSource (sources.knative.dev), the identity its deliveries to its sink carry
 * (`kubectl get kafkasource <name> -o jsonpath='{.status.auth.serviceAccountName}'`).
 */
export function kafkaSourceIdentity(source: string): string {
  return oidcIdentity(source, "sources.knative.dev", "kafkasource");
}

function oidcIdentity(name: string, group: string, kind: string): string {
  const account = `${name}-oidc-${group}-${kind}`.toLowerCase();
  // Past 63 characters ChildName shortens the name with a hash; no name needs it today, and a wrong
  // guess would refuse every delivery, so a longer name fails generation instead.
  if (account.length > 63) throw new Error(`name ${name} is too long for its ${kind}'s OIDC identity (${account.length} > 63 characters)`);
  return account;
}
