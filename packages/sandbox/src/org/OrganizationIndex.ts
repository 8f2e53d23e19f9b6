import { FULL_AWS_ACCESS_ID, RCP_FULL_AWS_ACCESS_ID } from './resolvePolicies';
import { wireAttachment } from './resolveTransitGateways';
import type {
  Account,
  AccountRegion,
  Organization,
  OrganizationalUnit,
  ServiceControlPolicy,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
  VpcPeering,
} from './types';

export { FULL_AWS_ACCESS_ID, RCP_FULL_AWS_ACCESS_ID };

/** What a transit gateway attachment looks like from one account's side. */
export type AttachmentView = TransitGatewayAttachment & {
  transitGateway: TransitGateway;
};

// AWS's defaults for an account that never touched a region.
const EMPTY_REGION = (region: string): AccountRegion => ({
  region,
  ebsEncryptionByDefault: false,
  ec2: {
    vpcBlockPublicAccess: { mode: 'off', exclusionsAllowed: false },
    snapshotBlockPublicAccess: 'unblocked',
    imageBlockPublicAccess: 'unblocked',
    instanceMetadataDefaults: {},
  },
  accessAnalyzers: [],
  vpcs: [],
  kmsKeys: [],
  loadBalancers: [],
  webAcls: [],
  rds: { instances: [], clusters: [] },
  replicationGroups: [],
  instances: [],
  autoScalingGroups: [],
});

/**
 * Maps over one organisation so that every request is answered by lookups, not
 * scans: at 5,000 accounts × 4 regions a linear search per call would dominate.
 */
export class OrganizationIndex {
  readonly organization: Organization;
  /** When the sandbox started: root events are dated back from it. */
  readonly startedAt = Date.now();
  readonly #accounts = new Map<string, Account>();
  readonly #ous = new Map<string, OrganizationalUnit>();
  readonly #childOus = new Map<string, OrganizationalUnit[]>();
  readonly #childAccounts = new Map<string, Account[]>();
  readonly #policies = new Map<string, ServiceControlPolicy>();
  readonly #policiesByTarget = new Map<string, ServiceControlPolicy[]>();
  readonly #peerings = new Map<string, VpcPeering[]>();
  readonly #attachments = new Map<string, AttachmentView[]>();
  readonly #gateways = new Map<string, TransitGateway[]>();
  readonly #routeTables = new Map<
    string,
    { gateway: TransitGateway; table: TransitGatewayRouteTable }
  >();
  readonly #gatewayAttachments = new Map<string, TransitGatewayAttachment>();
  readonly #associations = new Map<string, TransitGatewayRouteTable>();
  readonly #emptyRegions = new Map<string, AccountRegion>();

  static create(organization: Organization): OrganizationIndex {
    return new OrganizationIndex(organization);
  }

  private constructor(organization: Organization) {
    this.organization = organization;
    for (const ou of organization.organizationalUnits) {
      this.#ous.set(ou.id, ou);
      push(this.#childOus, ou.parentId, ou);
    }
    for (const account of organization.accounts) {
      this.#accounts.set(account.id, account);
      push(this.#childAccounts, account.parentId, account);
    }
    for (const policy of organization.policies) {
      this.#policies.set(policy.id, policy);
      for (const target of policy.targetIds) {
        push(this.#policiesByTarget, target, policy);
      }
    }
    for (const peering of organization.peerings) {
      const sides = new Set([
        key(peering.requester.accountId, peering.requester.region),
        key(peering.accepter.accountId, peering.accepter.region),
      ]);
      for (const side of sides) push(this.#peerings, side, peering);
    }
    for (const tgw of organization.transitGateways) {
      push(this.#gateways, key(tgw.accountId, tgw.region), tgw);
      for (const table of tgw.routeTables) {
        this.#routeTables.set(table.id, { gateway: tgw, table });
        for (const id of table.associations) this.#associations.set(id, table);
      }
      for (const attachment of tgw.attachments)
        this.#indexAttachment(tgw, attachment);
    }
  }

  #indexAttachment(tgw: TransitGateway, attachment: TransitGatewayAttachment) {
    this.#gatewayAttachments.set(attachment.id, attachment);
    const view = { ...attachment, transitGateway: tgw };
    // Both the VPC owner and the transit gateway owner see the attachment.
    const sides = new Set([
      key(attachment.accountId, tgw.region),
      key(tgw.accountId, tgw.region),
    ]);
    for (const side of sides) push(this.#attachments, side, view);
    // An account sees a gateway shared with it once it has attached to it.
    const visible = this.#gateways.get(key(attachment.accountId, tgw.region));
    if (!visible?.includes(tgw)) {
      push(this.#gateways, key(attachment.accountId, tgw.region), tgw);
    }
  }

  /**
   * Adds an account created while the sandbox runs (by the GitHub side's account
   * factory): to the organisation's list and every map, with FullAWSAccess (and
   * RCPFullAWSAccess) attached as AWS attaches them, and its VPCs' attachments
   * to transit gateways, associated and propagated as the gateway's tables say.
   */
  addAccount(
    account: Account,
    attachments: (TransitGatewayAttachment & {
      transitGatewayId: string;
    })[] = [],
  ): void {
    this.organization.accounts.push(account);
    this.#accounts.set(account.id, account);
    push(this.#childAccounts, account.parentId, account);
    for (const id of [FULL_AWS_ACCESS_ID, RCP_FULL_AWS_ACCESS_ID]) {
      const managed = this.#policies.get(id);
      if (managed) {
        managed.targetIds.push(account.id);
        push(this.#policiesByTarget, account.id, managed);
      }
    }
    for (const { transitGatewayId, ...attachment } of attachments) {
      const tgw = this.organization.transitGateways.find(
        t => t.id === transitGatewayId,
      );
      if (!tgw) continue;
      wireAttachment(tgw, attachment, account.tags);
      const associated = tgw.routeTables.find(t =>
        t.associations.includes(attachment.id),
      );
      if (associated) this.#associations.set(attachment.id, associated);
      this.#indexAttachment(tgw, attachment);
    }
  }

  /** Moves an account to another OU (or the root). */
  moveAccount(account: Account, parentId: string): void {
    const siblings = this.#childAccounts.get(account.parentId) ?? [];
    const at = siblings.indexOf(account);
    if (at >= 0) siblings.splice(at, 1);
    account.parentId = parentId;
    push(this.#childAccounts, parentId, account);
  }

  account(id: string): Account | undefined {
    return this.#accounts.get(id);
  }

  organizationalUnit(id: string): OrganizationalUnit | undefined {
    return this.#ous.get(id);
  }

  isParent(id: string): boolean {
    return id === this.organization.rootId || this.#ous.has(id);
  }

  childOus(parentId: string): OrganizationalUnit[] {
    return this.#childOus.get(parentId) ?? [];
  }

  childAccounts(parentId: string): Account[] {
    return this.#childAccounts.get(parentId) ?? [];
  }

  policy(id: string): ServiceControlPolicy | undefined {
    return this.#policies.get(id);
  }

  policiesFor(targetId: string): ServiceControlPolicy[] {
    return this.#policiesByTarget.get(targetId) ?? [];
  }

  /** The account's state in a region; a region it never used answers as empty. */
  region(accountId: string, region: string): AccountRegion {
    const state = this.#accounts.get(accountId)?.regions[region];
    if (state) return state;
    let empty = this.#emptyRegions.get(region);
    if (!empty) {
      empty = EMPTY_REGION(region);
      this.#emptyRegions.set(region, empty);
    }
    return empty;
  }

  peerings(accountId: string, region: string): VpcPeering[] {
    return this.#peerings.get(key(accountId, region)) ?? [];
  }

  attachments(accountId: string, region: string): AttachmentView[] {
    return this.#attachments.get(key(accountId, region)) ?? [];
  }

  /** The transit gateways an account sees in a region: its own and those it attached to. */
  transitGateways(accountId: string, region: string): TransitGateway[] {
    return this.#gateways.get(key(accountId, region)) ?? [];
  }

  /** A transit gateway attachment by its id. */
  transitGatewayAttachment(id: string): TransitGatewayAttachment | undefined {
    return this.#gatewayAttachments.get(id);
  }

  /** The route table an attachment is associated with, if any. */
  associatedRouteTable(
    attachmentId: string,
  ): TransitGatewayRouteTable | undefined {
    return this.#associations.get(attachmentId);
  }

  /** A transit gateway route table and its gateway, by the table's id. */
  transitGatewayRouteTable(
    id: string,
  ): { gateway: TransitGateway; table: TransitGatewayRouteTable } | undefined {
    return this.#routeTables.get(id);
  }

  /** The root, then each OU down to the account, then the account: where its policies come from. */
  pathOf(accountId: string): string[] {
    const chain: string[] = [];
    for (
      let id: string | undefined = this.#accounts.get(accountId)?.parentId;
      id;
      id = this.#ous.get(id)?.parentId
    ) {
      chain.unshift(id);
    }
    return [...chain, accountId];
  }
}

function key(accountId: string, region: string): string {
  return `${accountId}|${region}`;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
