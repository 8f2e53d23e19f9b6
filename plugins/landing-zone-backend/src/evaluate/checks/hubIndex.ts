/*
 * The organisation's VPC index seen per transit gateway, built once per index:
 * which VPCs are attached, by environment, and their CIDR blocks. A hub holds
 * most of the organisation, so the network checks ask these views instead of
 * passing over a hub's members for every VPC attached to it.
 */
import type {
  Environment,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { CidrIndex } from './cidrIndex';

/**
 * VPCs on a transit gateway, with how many entries each id has among them
 * (one, unless an index entry names the transit gateway twice), so that the
 * members other than a given VPC are counted, and the first few listed,
 * without a pass over them all: a hub holds most of the organisation.
 */
export type Members = {
  entries: readonly VpcIndexEntry[];
  occurrences: ReadonlyMap<string, number>;
};

export function membersOf(entries: readonly VpcIndexEntry[]): Members {
  const occurrences = new Map<string, number>();
  for (const entry of entries) {
    occurrences.set(entry.vpcId, (occurrences.get(entry.vpcId) ?? 0) + 1);
  }
  return { entries, occurrences };
}

export const noMembers = membersOf([]);

export const countOthers = (members: Members, vpcId: string) =>
  members.entries.length - (members.occurrences.get(vpcId) ?? 0);

/** The first `limit` members, in order, that are not `vpcId`. */
export function firstOthers(
  members: Members,
  vpcId: string,
  limit: number,
): VpcIndexEntry[] {
  const first: VpcIndexEntry[] = [];
  // Visits at most `limit` entries plus the occurrences of `vpcId`.
  for (const entry of members.entries) {
    if (first.length === limit) break;
    if (entry.vpcId !== vpcId) first.push(entry);
  }
  return first;
}

export type TransitGatewayView = {
  members: Members;
  byEnvironment: Map<Environment, Members>;
  cidrs: CidrIndex;
};

export type IndexViews = {
  byTransitGateway: Map<string, TransitGatewayView>;
  environmentByAccount: Map<string, Environment>;
};

// Checks run once per account over the same index: derive its views once.
const indexViews = new WeakMap<
  ReadonlyMap<string, VpcIndexEntry>,
  IndexViews
>();

export function viewsOf(index: ReadonlyMap<string, VpcIndexEntry>): IndexViews {
  let views = indexViews.get(index);
  if (!views) {
    const members = new Map<string, VpcIndexEntry[]>();
    const environmentByAccount = new Map<string, Environment>();
    for (const entry of index.values()) {
      environmentByAccount.set(entry.accountId, entry.environment);
      for (const tgw of entry.transitGatewayIds ?? []) {
        const list = members.get(tgw) ?? [];
        list.push(entry);
        members.set(tgw, list);
      }
    }
    const byTransitGateway = new Map<string, TransitGatewayView>();
    for (const [tgw, list] of members) {
      const byEnvironment = new Map<Environment, VpcIndexEntry[]>();
      for (const entry of list) {
        const same = byEnvironment.get(entry.environment) ?? [];
        same.push(entry);
        byEnvironment.set(entry.environment, same);
      }
      byTransitGateway.set(tgw, {
        members: membersOf(list),
        byEnvironment: new Map(
          [...byEnvironment].map(([env, same]) => [env, membersOf(same)]),
        ),
        cidrs: CidrIndex.of(list),
      });
    }
    views = { byTransitGateway, environmentByAccount };
    indexViews.set(index, views);
  }
  return views;
}
