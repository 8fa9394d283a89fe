import { getCACertificates, setDefaultCACertificates } from "node:tls";

/**
 * With Knative's `transport-encryption: strict` the Broker's address (K_SINK) is HTTPS under a CA of
 * the cluster's, which the SinkBinding hands over as PEM in K_CA_CERTS. Node's fetch trusts only its
 * default store, so the CA is added to it (kept beside the public roots) before anything is sent.
 */
export function trustBrokerCa(pem: string | undefined): boolean {
  if (!pem?.includes("BEGIN CERTIFICATE")) return false;
  const current = getCACertificates("default");
  if (current.includes(pem)) return true;
  setDefaultCACertificates([...current, pem]);
  return true;
}
