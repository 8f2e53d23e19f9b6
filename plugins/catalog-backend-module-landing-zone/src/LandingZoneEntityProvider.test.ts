import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import type {
  EventsService,
  EventsServiceSubscribeOptions,
} from '@backstage/plugin-events-node';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import type {
  AccountSummary,
  Page,
  PageQuery,
  VpcSummary,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneService } from '@internal/plugin-landing-zone-node';
import { LandingZoneEntityProvider } from './LandingZoneEntityProvider';

function account(
  index: number,
  overrides: Partial<AccountSummary> = {},
): AccountSummary {
  const id = String(100000000000 + index);
  return {
    id,
    name: `workload-${index}`,
    email: `aws+${index}@example.com`,
    status: 'ACTIVE',
    tags: { owner: index % 2 ? 'team-payments' : 'team-data' },
    parentId: 'ou-abcd-11111111',
    parentIds: ['r-abcd', 'ou-abcd-11111111'],
    ouPath: 'Root/Workloads/Prod',
    environment: 'prod',
    compliance: 'compliant',
    checks: { passing: 10, failing: 0, unknown: 0 },
    ...overrides,
  };
}

function vpc(index: number, accountId: string): VpcSummary {
  return {
    vpcId: `vpc-${index.toString(16).padStart(17, '0')}`,
    accountId,
    region: 'eu-west-1',
    name: index % 3 ? `main-${index}` : undefined,
    isDefault: false,
    environment: 'prod',
    cidrs: ['10.0.0.0/16'],
    tiers: { public: 3, private: 3, isolated: 3 },
    flowLogs: true,
    links: [],
  };
}

/** Pages a list the way the API does: offset cursors, at most `limit` items. */
function paged<T>(items: T[]) {
  return jest.fn(async (query?: PageQuery): Promise<Page<T>> => {
    const start = Number(query?.cursor ?? 0);
    const end = start + (query?.limit ?? 50);
    return {
      items: items.slice(start, end),
      nextCursor: end < items.length ? String(end) : undefined,
      totalCount: items.length,
    };
  });
}

function setup(
  accounts: AccountSummary[],
  vpcs: VpcSummary[],
  events?: EventsService,
) {
  const listAccounts = paged(accounts);
  const listVpcs = paged(vpcs);
  const getOrganizationalUnits = jest.fn(async () => ({
    id: 'r-abcd',
    organizationId: 'o-abcd1234',
    managementAccountId: '999999999999',
    name: 'Root',
    path: 'Root',
    accountCount: 1,
    compliance: { compliant: 1, nonCompliant: 0, unknown: 0 },
    children: [],
  }));
  const landingZone = {
    listAccounts,
    listVpcs,
    getOrganizationalUnits,
  } as Partial<LandingZoneService> as LandingZoneService;
  const logger = mockServices.logger.mock();
  const scheduler = mockServices.scheduler.mock();
  const connection = {
    applyMutation: jest.fn<Promise<void>, [mutation: EntityProviderMutation]>(),
    refresh: jest.fn(),
  } satisfies EntityProviderConnection;
  const provider = LandingZoneEntityProvider.create({
    landingZone,
    logger,
    scheduler,
    config: {
      ownerTag: 'owner',
      fallbackOwner: 'group:default/platform-team',
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
    },
    events,
  });
  return {
    provider,
    connection,
    logger,
    scheduler,
    listAccounts,
    listVpcs,
    landingZone,
  };
}

describe('LandingZoneEntityProvider', () => {
  // 1,201 accounts and 1,201 VPCs: three pages of 500 each.
  const accounts = [
    account(0, {
      name: '決済-prod',
      tags: { owner: 'team-payments', environment: 'prod' },
      compliance: 'non-compliant',
      checks: { passing: 8, failing: 2, unknown: 0 },
    }),
    account(1, { tags: { owner: 'Team Payments!' } }),
    account(2, { tags: {}, environment: 'non-prod', compliance: 'unknown' }),
    account(3, { tags: { owner: 'group:finance/team-ledger' } }),
    // AWS tag keys are case-sensitive; `Owner` is read as `owner` is.
    account(4, { tags: { Owner: 'team-cards' } }),
    ...Array.from({ length: 1196 }, (_, i) => account(i + 5)),
  ];
  const vpcs = accounts.map((a, i) => vpc(i, a.id));

  it('maps every page of accounts and VPCs to entities', async () => {
    const { provider, connection, listAccounts, listVpcs, logger } = setup(
      accounts,
      vpcs,
    );
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toEqual({
      applied: true,
      accounts: 1201,
      vpcs: 1201,
    });

    expect(listAccounts.mock.calls.map(([q]) => q)).toEqual([
      { limit: 500, cursor: undefined },
      { limit: 500, cursor: '500' },
      { limit: 500, cursor: '1000' },
    ]);
    expect(listVpcs).toHaveBeenCalledTimes(3);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    const deferred = mutation.type === 'full' ? mutation.entities : [];
    expect(deferred).toHaveLength(2402);
    expect(new Set(deferred.map(d => d.locationKey))).toEqual(
      new Set(['landing-zone:organization']),
    );
    const names = deferred.map(d => d.entity.metadata.name);
    expect(new Set(names).size).toBe(2402);
    const byName = new Map(
      deferred.map(d => [d.entity.metadata.name, d.entity]),
    );

    expect(byName.get('aws-account-100000000000')).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'aws-account-100000000000',
        title: '決済-prod',
        description: 'AWS account 100000000000 in Root/Workloads/Prod',
        annotations: {
          'backstage.io/managed-by-location': 'landing-zone:organization',
          'backstage.io/managed-by-origin-location':
            'landing-zone:organization',
          'amazonaws.com/account-id': '100000000000',
          'amazonaws.com/organization-id': 'o-abcd1234',
          'amazonaws.com/arn':
            'arn:aws:organizations::999999999999:account/o-abcd1234/100000000000',
          'landing-zone.io/ou-path': 'Root/Workloads/Prod',
          'landing-zone.io/compliance': 'non-compliant',
          'landing-zone.io/environment': 'prod',
          'landing-zone.io/account-status': 'ACTIVE',
          'landing-zone.io/failing-guardrails': '2',
        },
        labels: {
          environment: 'prod',
          compliance: 'non-compliant',
          'landing-zone.io/account-state': 'active',
        },
      },
      spec: { type: 'aws-account', owner: 'group:default/team-payments' },
    });
    // An invalid tag value and a missing tag both get the fallback owner.
    expect(byName.get('aws-account-100000000001')?.spec?.owner).toBe(
      'group:default/platform-team',
    );
    expect(byName.get('aws-account-100000000002')?.spec?.owner).toBe(
      'group:default/platform-team',
    );
    expect(byName.get('aws-account-100000000002')?.metadata.labels).toEqual({
      environment: 'non-prod',
      compliance: 'unknown',
      'landing-zone.io/account-state': 'active',
    });
    expect(byName.get('aws-account-100000000004')?.spec?.owner).toBe(
      'group:default/team-cards',
    );
    // A full reference is kept as written.
    expect(byName.get('aws-account-100000000003')?.spec?.owner).toBe(
      'group:finance/team-ledger',
    );
    expect(byName.get('aws-account-100000001000')?.spec?.owner).toBe(
      'group:default/team-data',
    );

    expect(byName.get('aws-vpc-vpc-00000000000000000')).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'aws-vpc-vpc-00000000000000000',
        title: 'vpc-00000000000000000',
        description:
          'VPC vpc-00000000000000000 of AWS account 100000000000 in eu-west-1',
        annotations: {
          'backstage.io/managed-by-location': 'landing-zone:organization',
          'backstage.io/managed-by-origin-location':
            'landing-zone:organization',
          'amazonaws.com/account-id': '100000000000',
          'amazonaws.com/organization-id': 'o-abcd1234',
          'amazonaws.com/arn':
            'arn:aws:ec2:eu-west-1:100000000000:vpc/vpc-00000000000000000',
          'landing-zone.io/environment': 'prod',
          'landing-zone.io/region': 'eu-west-1',
        },
        labels: { environment: 'prod' },
      },
      spec: {
        type: 'aws-vpc',
        owner: 'group:default/team-payments',
        dependencyOf: ['resource:default/aws-account-100000000000'],
      },
    });
    // The last VPC, on the third page: titled by its id (it has no Name
    // tag), its account's owner; the one before it is titled by its Name tag.
    expect(byName.get('aws-vpc-vpc-000000000000004af')?.metadata.title).toBe(
      'main-1199',
    );
    const last = byName.get('aws-vpc-vpc-000000000000004b0');
    expect(last?.metadata.title).toBe('vpc-000000000000004b0');
    expect(last?.spec).toEqual({
      type: 'aws-vpc',
      owner: 'group:default/team-data',
      dependencyOf: ['resource:default/aws-account-100000001200'],
    });
    // The invalid owner's VPC follows its account to the fallback.
    expect(byName.get('aws-vpc-vpc-00000000000000001')?.spec?.owner).toBe(
      'group:default/platform-team',
    );

    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'Account owner tag is not a valid entity reference; using the fallback owner',
      expect.objectContaining({
        accountId: '100000000001',
        accountName: 'workload-1',
        value: 'Team Payments!',
      }),
    );
  });

  it('keeps accounts of every state, closed ones too, with their state', async () => {
    const states = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'];
    const { provider, connection } = setup(
      states.map((status, i) =>
        account(i, { status, name: `${status.toLowerCase()}-アカウント 🚀` }),
      ),
      [],
    );
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toMatchObject({
      applied: true,
      accounts: 4,
    });
    const mutation = connection.applyMutation.mock.calls[0][0];
    const entities = mutation.type === 'full' ? mutation.entities : [];
    expect(
      entities.map(({ entity }) => [
        entity.metadata.title,
        entity.metadata.annotations?.['landing-zone.io/account-status'],
        entity.metadata.labels?.['landing-zone.io/account-state'],
      ]),
    ).toEqual([
      ['active-アカウント 🚀', 'ACTIVE', 'active'],
      ['suspended-アカウント 🚀', 'SUSPENDED', 'suspended'],
      ['pending_closure-アカウント 🚀', 'PENDING_CLOSURE', 'pending-closure'],
      ['closed-アカウント 🚀', 'CLOSED', 'closed'],
    ]);
  });

  it('keeps the last good entities when the API fails', async () => {
    const { provider, connection, listAccounts, logger } = setup(
      accounts.slice(0, 3),
      vpcs.slice(0, 3),
    );
    await provider.connect(connection);
    listAccounts.mockRejectedValueOnce(
      new NotFoundError('No scan has finished yet'),
    );
    await expect(provider.refresh()).resolves.toEqual({
      applied: false,
      reason: 'NotFoundError: No scan has finished yet',
    });
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read the landing zone; the catalog keeps its last AWS accounts and VPCs',
      { error: 'NotFoundError: No scan has finished yet' },
    );

    // The next run, with the API back, applies again.
    await expect(provider.refresh()).resolves.toEqual({
      applied: true,
      accounts: 3,
      vpcs: 3,
    });
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('keeps the last good entities when a later page fails', async () => {
    const { provider, connection, listVpcs } = setup(accounts, vpcs);
    await provider.connect(connection);
    listVpcs
      .mockImplementationOnce(async () => ({
        items: vpcs.slice(0, 500),
        nextCursor: '500',
        totalCount: vpcs.length,
      }))
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    await expect(provider.refresh()).resolves.toMatchObject({
      applied: false,
    });
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('does not empty the catalog for an organisation without accounts', async () => {
    const { provider, connection, logger } = setup([], []);
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toEqual({
      applied: false,
      reason: 'The landing zone listed no accounts',
    });
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('schedules its refresh globally and survives a failing run', async () => {
    const { provider, connection, scheduler, listAccounts } = setup(
      accounts.slice(0, 1),
      [],
    );
    await provider.connect(connection);
    expect(provider.getProviderName()).toBe('landing-zone');
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'landing-zone:refresh',
        scope: 'global',
        frequency: { minutes: 5 },
        timeout: { minutes: 3 },
      }),
    );
    const task = scheduler.scheduleTask.mock.calls[0][0];
    listAccounts.mockRejectedValueOnce(new Error('boom'));
    await expect(task.fn(new AbortController().signal)).resolves.toBe(
      undefined,
    );
    await task.fn(new AbortController().signal);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('refreshes when a scan that stored data is announced', async () => {
    const subscribe = jest.fn(async (_: EventsServiceSubscribeOptions) => {});
    const events = { publish: jest.fn(), subscribe } satisfies EventsService;
    const { provider, connection } = setup(accounts.slice(0, 2), [], events);
    await provider.connect(connection);
    expect(subscribe).toHaveBeenCalledWith(
      expect.objectContaining({ topics: ['landing-zone.scan.finished'] }),
    );
    const { onEvent } = subscribe.mock.calls[0][0];
    const announce = (state: string) =>
      onEvent({
        topic: 'landing-zone.scan.finished',
        eventPayload: { scanId: 's1', state },
      });

    // refresh() queues behind the refreshes an event started: awaiting it
    // waits for them too.
    await announce('failed');
    await announce('interrupted');
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    await announce('partial');
    await announce('succeeded');
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledTimes(4);
  });
});
