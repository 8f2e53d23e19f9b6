import type {
  AccountRequest,
  PortalStatus,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import { normalizeName, type AccountRequestStore } from './AccountRequestStore';
import type { CidrAllocationStore } from './CidrAllocationStore';
import type { InventoryLookup } from './inventory';
import { findUnit, inheritedGuardrails, judgeRegions } from './organization';

/** GitHub keeps 140 characters of a status's description. */
const DESCRIPTION_MAX = 140;

/**
 * What the portal says on a request's pull request before it is merged:
 * the preventive guardrails the account will inherit from its OU (all must
 * pass), and whether its name, email, regions and CIDR block are still free
 * and allowed. A failure names the things wrong, the guardrails first.
 */
export async function judgeRequest(
  deps: {
    store: LandingZoneStore;
    requests: AccountRequestStore;
    allocations: CidrAllocationStore;
    inventory: InventoryLookup;
    regions: string[];
  },
  request: AccountRequest,
): Promise<Omit<PortalStatus, 'context' | 'sha' | 'postedAt'>> {
  const conflicts: string[] = [];
  const organization = await deps.store.organization.get();
  const guardrails =
    (organization &&
      inheritedGuardrails(organization, request.ouId, deps.regions)) ??
    [];
  if (!organization || !findUnit(organization, request.ouId)) {
    conflicts.push(`OU ${request.ouId} is no longer in the organisation`);
  } else {
    const denied = judgeRegions(
      organization,
      request.ouId,
      request.regions,
    )!.filter(d => !d.allowed);
    for (const d of denied) conflicts.push(`${d.region} ${d.reason}`);
  }
  const account = await deps.inventory.find({
    name: request.accountName,
    email: request.email,
    normalizeName,
  });
  if (account) {
    conflicts.push(
      `account ${account.id} (${account.name}) already has its name or email`,
    );
  }
  const other = await deps.requests.holderOf({
    name: request.accountName,
    email: request.email,
    except: request.id,
  });
  const holder = other?.name ?? other?.email;
  if (holder?.kind === 'request') {
    conflicts.push(
      `request ${holder.requestId} in flight has its name or email`,
    );
  }
  if (request.cidr && request.allocationId) {
    conflicts.push(
      ...(await deps.allocations.conflictsOf(
        request.allocationId,
        request.cidr,
      )),
    );
  }

  const failing = guardrails.filter(g => g.status !== 'pass');
  const success = failing.length === 0 && conflicts.length === 0;
  const free = request.cidr
    ? `name, email and ${request.cidr} free`
    : 'name and email free';
  const description = success
    ? `Inherits ${guardrails.length}/${guardrails.length} preventive guardrails; ${free}`
    : [
        ...(failing.length
          ? [`Not inherited: ${failing.map(g => g.title).join(', ')}`]
          : []),
        ...conflicts,
      ].join('; ');
  return {
    state: success ? 'success' : 'failure',
    description:
      description.length > DESCRIPTION_MAX
        ? `${description.slice(0, DESCRIPTION_MAX - 1)}…`
        : description,
    guardrails,
    conflicts,
  };
}
