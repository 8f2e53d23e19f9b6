/*
 * Transit gateways: declared by the accounts that own them, attached to by VPCs
 * of any account (RAM sharing is implicit: the organisation shares every
 * gateway), and routed by their route tables' associations, propagations and
 * static routes.
 */
import { awsId } from './ids';
import type { OrganizationSpec, TransitGatewaySpec } from './schema';
import type { SpecIssue } from './resolve';
import type {
  Account,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
  Vpc,
} from './types';

type StaticRouteSpecs = NonNullable<
  NonNullable<TransitGatewaySpec['routeTables']>[number]['routes']
>;

/** Every gateway of the organisation, by region and name, and each table's static routes as written. */
export type GatewayCatalog = {
  gateways: TransitGateway[];
  hub(region: string): TransitGateway | undefined;
  named(region: string, name: string): TransitGateway | undefined;
  /** By route table id: its static routes and where the file wrote them. */
  routes: Map<string, { specs: StaticRouteSpecs; path: (string | number)[] }>;
};

/**
 * The gateways the file declares. `transitGateway: true` on an account's region
 * is the region's hub with AWS's defaults: one route table that every attachment
 * is associated with and propagates to. A hub's id depends only on its owner and
 * region, so both spellings give the same gateway.
 */
export function declareGateways(
  spec: OrganizationSpec,
  issues: SpecIssue[],
): GatewayCatalog {
  const gateways: TransitGateway[] = [];
  const byName = new Map<string, TransitGateway>();
  const hubs = new Map<string, TransitGateway>();
  const routes: GatewayCatalog['routes'] = new Map();

  spec.accounts.forEach((account, accountIndex) => {
    for (const [region, regionSpec] of Object.entries(account.regions ?? {})) {
      const path = ['accounts', accountIndex, 'regions', region];
      const declared: {
        spec: TransitGatewaySpec;
        path: (string | number)[];
      }[] = (regionSpec.transitGateways ?? []).map((g, i) => ({
        spec: g,
        path: [...path, 'transitGateways', i],
      }));
      if (regionSpec.transitGateway) {
        declared.unshift({
          spec: { name: 'hub', hub: true },
          path: [...path, 'transitGateway'],
        });
      }
      for (const { spec: g, path: gatewayPath } of declared) {
        const key = `${region}|${g.name}`;
        if (byName.has(key)) {
          issues.push({
            path: [...gatewayPath, 'name'],
            message: `a transit gateway named "${g.name}" already exists in ${region}`,
          });
          continue;
        }
        if (g.hub && hubs.has(region)) {
          issues.push({
            path: gatewayPath,
            message: `a hub transit gateway already exists in ${region} (one per region)`,
          });
          continue;
        }
        const id = g.hub
          ? awsId('tgw', `${account.id}|${region}`)
          : awsId('tgw', `${account.id}|${region}|${g.name}`);
        const tableSpecs = g.routeTables ?? [
          { name: 'default', default: 'both' as const },
        ];
        const routeTables: TransitGatewayRouteTable[] = tableSpecs.map(
          (t, i) => {
            // A gateway created with AWS's defaults names its one table after itself.
            const tableId =
              g.routeTables === undefined
                ? `tgw-rtb-${id.slice(4)}`
                : awsId('tgw-rtb', `${id}|${t.name}`);
            if (t.routes) {
              routes.set(tableId, {
                specs: t.routes,
                path: [...gatewayPath, 'routeTables', i, 'routes'],
              });
            }
            if (tableSpecs.findIndex(o => o.name === t.name) !== i) {
              issues.push({
                path: [...gatewayPath, 'routeTables', i, 'name'],
                message: `duplicate route table name "${t.name}"`,
              });
            }
            return {
              id: tableId,
              name: t.name,
              associations: [],
              propagations: [],
              staticRoutes: [],
              associateTags: t.associate,
              propagateTags: t.propagate,
            };
          },
        );
        const defaultOf = (kind: 'association' | 'propagation') => {
          const indexes = tableSpecs
            .map((t, i) =>
              t.default === kind || t.default === 'both' ? i : -1,
            )
            .filter(i => i >= 0);
          if (indexes.length > 1) {
            issues.push({
              path: [...gatewayPath, 'routeTables', indexes[1], 'default'],
              message: `only one route table may be the default ${kind} table`,
            });
          }
          return indexes.length > 0 ? routeTables[indexes[0]].id : undefined;
        };
        const gateway: TransitGateway = {
          id,
          name: g.name,
          accountId: account.id,
          region,
          hub: g.hub ?? false,
          autoAcceptSharedAttachments: g.autoAcceptSharedAttachments ?? true,
          associationDefaultRouteTableId: defaultOf('association'),
          propagationDefaultRouteTableId: defaultOf('propagation'),
          attachments: [],
          routeTables,
        };
        gateways.push(gateway);
        byName.set(key, gateway);
        if (gateway.hub) hubs.set(region, gateway);
      }
    }
  });
  // Hubs first, so that "the region's gateway" is its hub for readers that take the first.
  gateways.sort((a, b) => Number(b.hub) - Number(a.hub));
  return {
    gateways,
    hub: region => hubs.get(region),
    named: (region, name) => byName.get(`${region}|${name}`),
    routes,
  };
}

function matches(
  selector: Record<string, string[]> | undefined,
  tags: Record<string, string>,
): boolean {
  return (
    selector !== undefined &&
    Object.entries(selector).every(([tag, values]) =>
      values.includes(tags[tag]),
    )
  );
}

/**
 * Associates a new attachment and turns on its propagations, as the gateway's
 * defaults and the tables' rules (by the VPC owner's tags) say.
 */
export function wireAttachment(
  gateway: TransitGateway,
  attachment: TransitGatewayAttachment,
  ownerTags: Record<string, string>,
): void {
  gateway.attachments.push(attachment);
  const associated =
    gateway.routeTables.find(t => matches(t.associateTags, ownerTags)) ??
    gateway.routeTables.find(
      t => t.id === gateway.associationDefaultRouteTableId,
    );
  associated?.associations.push(attachment.id);
  for (const table of gateway.routeTables) {
    if (
      table.id === gateway.propagationDefaultRouteTableId ||
      matches(table.propagateTags, ownerTags)
    ) {
      table.propagations.push(attachment.id);
    }
  }
}

/**
 * After every VPC is resolved: static routes (to a VPC's attachment on the same
 * gateway, or blackholes), and the VPC side of non-hub gateways: each attached
 * VPC's private route tables reach the other attached VPCs through the gateway
 * (hub attachments route 10.0.0.0/8 there already).
 */
export function routeGateways(
  catalog: GatewayCatalog,
  accounts: Account[],
  issues: SpecIssue[],
): void {
  const byName = new Map(accounts.map(a => [a.name, a]));
  const byId = new Map(accounts.map(a => [a.id, a]));
  const vpcs = new Map<string, Vpc>();
  for (const account of accounts) {
    for (const state of Object.values(account.regions)) {
      for (const vpc of state.vpcs) vpcs.set(vpc.id, vpc);
    }
  }
  for (const gateway of catalog.gateways) {
    for (const table of gateway.routeTables) {
      const written = catalog.routes.get(table.id);
      for (const [index, route] of (written?.specs ?? []).entries()) {
        if ('blackhole' in route) {
          table.staticRoutes.push({ destinationCidrBlock: route.cidr });
          continue;
        }
        const [accountRef, region, vpcName] = route.to.split('/');
        const account = byName.get(accountRef) ?? byId.get(accountRef);
        const vpc = account?.regions[region]?.vpcs.find(
          v => v.name === vpcName,
        );
        const attachment = gateway.attachments.find(a => a.vpcId === vpc?.id);
        if (!attachment) {
          issues.push({
            path: [...written!.path, index, 'to'],
            message: `static route ${route.cidr} leads to "${route.to}", which is not attached to ${gateway.name} in ${gateway.region}`,
          });
          continue;
        }
        table.staticRoutes.push({
          destinationCidrBlock: route.cidr,
          attachmentId: attachment.id,
        });
      }
    }
    if (gateway.hub) continue;
    for (const attachment of gateway.attachments) {
      const vpc = vpcs.get(attachment.vpcId);
      for (const table of vpc?.routeTables ?? []) {
        if (table.tier !== 'private') continue;
        for (const other of gateway.attachments) {
          if (other.vpcId === attachment.vpcId) continue;
          table.routes.push({
            destinationCidrBlock: other.vpcCidr,
            transitGatewayId: gateway.id,
          });
        }
      }
    }
  }
}
