import type {
  Fact,
  FactError,
  TransitGatewayFacts,
  TransitGatewayIndexEntry,
} from '@internal/plugin-landing-zone-common';

/** What the index needs of an account: its id and its owners' gateway facts. */
export type TransitGatewayOwner = {
  accountId: string;
  access?: FactError;
  regions?: Record<string, { transitGateways?: Fact<TransitGatewayFacts[]> }>;
};

/**
 * Indexes the transit gateways the organisation's accounts own, by id, as
 * their owners read them. Only the owner sees a gateway's route tables, so the
 * network checks judge every attachment (their own or another account's) by
 * the entry here.
 *
 * A region whose gateways could not be listed names no gateway, so nothing can
 * be indexed for it: a gateway owned there is missing, which the checks read
 * as "route tables not read", the same as a gateway owned outside the
 * organisation. A gateway listed without readable route tables is indexed
 * with its facts; the checks find the error in `routeTables`.
 */
export function buildTransitGatewayIndex(
  accounts: TransitGatewayOwner[],
): Map<string, TransitGatewayIndexEntry> {
  const index = new Map<string, TransitGatewayIndexEntry>();
  for (const account of accounts) {
    for (const [region, facts] of Object.entries(account.regions ?? {})) {
      for (const gateway of facts.transitGateways?.data ?? []) {
        index.set(gateway.transitGatewayId, {
          transitGatewayId: gateway.transitGatewayId,
          ownerId: gateway.ownerId || account.accountId,
          region,
          facts: gateway,
        });
      }
    }
  }
  return index;
}
