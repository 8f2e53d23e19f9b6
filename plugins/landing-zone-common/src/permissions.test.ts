import {
  AuthorizeResult,
  isResourcePermission,
  type PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  createLandingZoneAccountConditionalDecision,
  type LandingZoneAccountCondition,
  LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
  landingZoneAccountConditions,
  landingZoneAccountReadPermission,
  landingZoneAccountRules,
  landingZonePermissions,
  landingZonePostureReadPermission,
  landingZoneScanCreatePermission,
} from './permissions';

describe('landing-zone permissions', () => {
  it('lists every permission once, each named landing-zone.*', () => {
    const names = landingZonePermissions.map(p => p.name);
    expect(names).toEqual([
      'landing-zone.posture.read',
      'landing-zone.account.read',
      'landing-zone.scan.create',
      'landing-zone.account-request.create',
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('makes account reads a resource permission on landing-zone accounts', () => {
    expect(landingZoneAccountReadPermission).toEqual({
      type: 'resource',
      name: 'landing-zone.account.read',
      attributes: { action: 'read' },
      resourceType: 'landing-zone-account',
    });
    expect(
      isResourcePermission(
        landingZoneAccountReadPermission,
        LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
      ),
    ).toBe(true);
    expect(isResourcePermission(landingZonePostureReadPermission)).toBe(false);
    expect(isResourcePermission(landingZoneScanCreatePermission)).toBe(false);
  });
});

describe('landingZoneAccountRules', () => {
  it('names the rules as policies send them', () => {
    expect(landingZoneAccountRules.isOwnedBy.name).toBe('IS_OWNED_BY');
    expect(landingZoneAccountRules.isBelowOu.name).toBe('IS_BELOW_OU');
  });

  it('accepts the parameters of IS_OWNED_BY and rejects others', () => {
    const schema = landingZoneAccountRules.isOwnedBy.paramsSchema;
    expect(schema.parse({ owners: ['group:default/team-payments'] })).toEqual({
      owners: ['group:default/team-payments'],
    });
    expect(schema.parse({ owners: [] })).toEqual({ owners: [] });
    expect(
      schema.safeParse({ owners: 'group:default/team-payments' }).success,
    ).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
  });

  it('accepts the parameters of IS_BELOW_OU and rejects others', () => {
    const schema = landingZoneAccountRules.isBelowOu.paramsSchema;
    expect(schema.parse({ ouId: 'ou-ab12-34cd56ef' })).toEqual({
      ouId: 'ou-ab12-34cd56ef',
    });
    expect(schema.safeParse({ ouId: ['ou-ab12-34cd56ef'] }).success).toBe(
      false,
    );
    expect(schema.safeParse({}).success).toBe(false);
  });
});

describe('landingZoneAccountConditions', () => {
  it('builds conditions on landing-zone accounts', () => {
    expect(
      landingZoneAccountConditions.isOwnedBy({
        owners: ['user:default/pat-payments', 'group:default/team-payments'],
      }),
    ).toEqual({
      rule: 'IS_OWNED_BY',
      resourceType: 'landing-zone-account',
      params: {
        owners: ['user:default/pat-payments', 'group:default/team-payments'],
      },
    });
    expect(
      landingZoneAccountConditions.isBelowOu({ ouId: 'ou-ab12-34cd56ef' }),
    ).toEqual({
      rule: 'IS_BELOW_OU',
      resourceType: 'landing-zone-account',
      params: { ouId: 'ou-ab12-34cd56ef' },
    });
  });

  it('makes conditional decisions that the landing-zone plugin evaluates', () => {
    const conditions: PermissionCriteria<LandingZoneAccountCondition> = {
      anyOf: [
        landingZoneAccountConditions.isOwnedBy({
          owners: ['group:default/team-payments'],
        }),
        landingZoneAccountConditions.isBelowOu({ ouId: 'ou-ab12-34cd56ef' }),
      ],
    };
    expect(
      createLandingZoneAccountConditionalDecision(
        landingZoneAccountReadPermission,
        conditions,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'landing-zone',
      resourceType: 'landing-zone-account',
      conditions,
    });
  });
});
