import {
  createServiceFactory,
  type SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
} from '@backstage/plugin-catalog-node';
import { landingZoneServiceRef } from '@internal/plugin-landing-zone-node';
import { catalogModuleLandingZoneEntityProvider } from './module';

describe('catalogModuleLandingZoneEntityProvider', () => {
  it('registers the provider with the catalog, scheduled from config', async () => {
    const providers: EntityProvider[] = [];
    const scheduler = mockServices.scheduler.mock();
    const listAccounts = jest.fn(async () => ({
      items: [
        {
          id: '111111111111',
          name: 'management',
          email: 'aws@example.com',
          status: 'ACTIVE',
          tags: { team: 'team-identity' },
          parentId: 'r-abcd',
          parentIds: ['r-abcd'],
          ouPath: 'Root',
          environment: 'unknown' as const,
          compliance: 'compliant' as const,
          checks: { passing: 1, failing: 0, unknown: 0 },
        },
      ],
      totalCount: 1,
    }));
    const listVpcs = jest.fn(async () => ({ items: [], totalCount: 0 }));

    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (p: EntityProvider) => providers.push(p) },
        ],
      ],
      features: [
        catalogModuleLandingZoneEntityProvider,
        scheduler.factory,
        createServiceFactory({
          service: landingZoneServiceRef,
          deps: {},
          factory: () =>
            ({
              listAccounts,
              listVpcs,
              getOrganizationalUnits: async () => ({ organizationId: 'o-1' }),
            } as any),
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                landingZone: {
                  ownerTag: 'team',
                  fallbackOwner: 'group:default/cloud-centre',
                  schedule: {
                    frequency: { hours: 1 },
                    timeout: { minutes: 10 },
                  },
                },
              },
            },
          },
        }),
      ],
    });

    expect(providers.map(p => p.getProviderName())).toEqual(['landing-zone']);
    const applyMutation = jest.fn();
    await providers[0].connect({ applyMutation, refresh: jest.fn() });
    const task: SchedulerServiceTaskInvocationDefinition =
      scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: 'landing-zone:refresh',
      scope: 'global',
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
    });
    await task.fn(new AbortController().signal);
    // The configured owner tag names the owner.
    expect(applyMutation.mock.calls[0][0].entities[0].entity.spec.owner).toBe(
      'group:default/team-identity',
    );
  });

  it('refuses to start with an invalid fallback owner', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: jest.fn() }],
        ],
        features: [
          catalogModuleLandingZoneEntityProvider,
          createServiceFactory({
            service: landingZoneServiceRef,
            deps: {},
            factory: () => ({} as any),
          }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                providers: { landingZone: { fallbackOwner: 'Platform Team' } },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "catalog.providers.landingZone.fallbackOwner is not a valid entity reference: 'Platform Team'",
    );
  });
});
