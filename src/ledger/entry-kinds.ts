/** The `kind` of ledger entries Evident writes. */
export const ENTRY_KIND = {
  /** A platform event, normalized (data = NormalizedEvent). */
  event: 'event',
  /** An access snapshot of one source instance (data = AccessSnapshot). */
  snapshot: 'snapshot',
  /** An HR roster (data = Roster). */
  roster: 'roster',
  /** A gap a connector found in a platform's own sequential event ids. */
  connectorGap: 'connector.gap',
  /** Something Evident itself did: token created, checkpoint requested, packet downloaded … */
  serviceAction: 'service.action',
} as const;
