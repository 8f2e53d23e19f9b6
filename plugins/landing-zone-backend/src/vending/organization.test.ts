import { OU, REGIONS, vendingOrganization } from './__testUtils__/estate';
import {
  describeUnit,
  inheritedGuardrails,
  judgeRegions,
} from './organization';

describe('what a new account inherits from its OU', () => {
  it('names the OU as AFT does and marks the suspended one and those below it', () => {
    expect(describeUnit(vendingOrganization, OU.prod, ['Suspended'])).toEqual({
      id: OU.prod,
      name: 'Prod',
      path: 'Root/Workloads/Prod',
      managedOrganizationalUnit: `Prod (${OU.prod})`,
      suspended: false,
    });
    expect(
      describeUnit(vendingOrganization, OU.suspended, ['suspended'])?.suspended,
    ).toBe(true);
    // By id, and for the OUs below it.
    expect(
      describeUnit(vendingOrganization, OU.prod, [OU.workloads])?.suspended,
    ).toBe(true);
    expect(describeUnit(vendingOrganization, 'ou-v3nd-n0th3r3x', [])).toBe(
      undefined,
    );
  });

  it("judges each region by the SCPs on the OU's path, naming the policy that denies", () => {
    const prod = judgeRegions(vendingOrganization, OU.prod, REGIONS)!;
    expect(prod.map(d => [d.region, d.allowed])).toEqual([
      ['eu-west-1', true],
      ['eu-central-1', true],
      ['us-east-1', false],
    ]);
    expect(prod[2]).toEqual({
      region: 'us-east-1',
      allowed: false,
      reason: `denied by SCP region-allow-list at ${OU.workloads}`,
      deniedBy: {
        policyId: 'p-regions',
        policyName: 'region-allow-list',
        target: OU.workloads,
      },
    });
    // No allow-list on Sandbox's path.
    expect(
      judgeRegions(vendingOrganization, OU.sandbox, REGIONS)!.every(
        d => d.allowed,
      ),
    ).toBe(true);
  });

  it('denies implicitly where a level of the path allows nothing', () => {
    const organization = {
      ...vendingOrganization,
      policies: vendingOrganization.policies.map(p =>
        p.name === 'FullAWSAccess'
          ? { ...p, targets: p.targets.filter(t => t !== OU.qa) }
          : p,
      ),
    };
    expect(judgeRegions(organization, OU.qa, ['eu-west-1'])).toEqual([
      {
        region: 'eu-west-1',
        allowed: false,
        reason: `denied: no SCP attached to ${OU.qa} allows it`,
      },
    ]);
  });

  it('judges the preventive guardrails with the checks the scan runs', () => {
    const prod = inheritedGuardrails(vendingOrganization, OU.prod, REGIONS)!;
    expect(prod.map(g => g.checkId)).toEqual([
      'scp-deny-leave-organization',
      'scp-protect-cloudtrail',
      'scp-protect-guardduty',
      'scp-protect-config',
      'scp-protect-security-hub',
      'scp-region-allow-list',
      'scp-deny-root-user',
    ]);
    // The allow-list blocks us-east-1, one of the organisation's regions.
    expect(prod.filter(g => g.status !== 'pass')).toEqual([
      {
        checkId: 'scp-region-allow-list',
        title: 'Only allowed regions can be used',
        status: 'fail',
      },
    ]);
    const sandbox = inheritedGuardrails(vendingOrganization, OU.sandbox, [
      'eu-west-1',
      'eu-central-1',
    ])!;
    expect(
      sandbox.filter(g => g.status !== 'pass').map(g => g.checkId),
    ).toEqual(['scp-region-allow-list']);
    const allowedOnly = inheritedGuardrails(vendingOrganization, OU.prod, [
      'eu-west-1',
      'eu-central-1',
    ])!;
    expect(allowedOnly.every(g => g.status === 'pass')).toBe(true);
  });
});
