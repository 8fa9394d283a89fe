/**
 * Who may put events where. Every delivery to a function carries a token whose audience names that
 * function's event ingress, and the function accepts only the senders it expects (DESIGN.md "Trust and
 * audit"). The same audiences serve Knative (each Trigger's `subscriber.audience`, checked by the
 * function) and the local broker of `casemix mesh` (which signs its deliveries with the mesh's own key).
 */

/** The OIDC audience of a function's event ingress: the `aud` a delivery to it must carry. */
export function eventAudience(fn: string): string {
  return `casemix.gov.my/events/${fn}`;
}

/**
 * The OIDC audience of a function's dead-letter ingress (`mesh.deadLetter.path`), apart from its event
 * ingress's: a Trigger's token cannot post a dead letter, nor the dead-letter reader's an event.
 */
export function deadLetterAudience(fn: string): string {
  return `${eventAudience(fn)}/dead-letters`;
}

/** Identities of the local broker (`casemix mesh`): its own and each sending function's, as token `sub`. */
export const meshIdentities = {
  /** The audience of the local broker's ingress (on Knative the Broker has its own, set by Knative). */
  brokerAudience: "casemix.gov.my/events/broker",
  /** The dispatcher: the only sender a function's ingress accepts in the local mesh. */
  broker: "casemix-mesh:broker",
  /** A function posting its outbox to the broker ingress. */
  function: (fn: string) => `casemix-mesh:function:${fn}`,
} as const;
