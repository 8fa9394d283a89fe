/**
 * The OIDC identity (service account) Knative Eventing gives a Trigger, which the Kafka Broker's
 * dispatcher sends each delivery with: `<trigger>-oidc-<group>-<kind>`, lower case
 * (knative.dev/eventing pkg/auth `GetOIDCServiceAccountNameForResource`, built with `kmeta.ChildName`).
 * Earlier releases named it `oidc-<group>-<kind>-<name>`; check a running cluster with
 * `kubectl get trigger <name> -o jsonpath='{.status.auth.serviceAccountName}'`.
 */
export function triggerIdentity(trigger: string): string {
  const name = `${trigger}-oidc-eventing.knative.dev-trigger`.toLowerCase();
  // Past 63 characters ChildName shortens the name with a hash; no route name needs it today, and
  // a wrong guess would refuse every delivery, so a longer name fails generation instead.
  if (name.length > 63) throw new Error(`route name ${trigger} is too long for its Trigger's OIDC identity (${name.length} > 63 characters)`);
  return name;
}
