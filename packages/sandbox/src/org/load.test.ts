import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cidrsOverlap } from './cidr';
import {
  demoOrganizationPath,
  loadOrganization,
  OrganizationFileError,
  parseOrganization,
} from './load';

const MINIMAL = `
organization:
  id: o-abcdefghij
  rootId: r-abcd
  managementAccount: '111111111111'
  regions: [eu-west-1]
organizationalUnits:
  - { path: Workloads }
accounts:
  - { id: '111111111111', name: management }
  - { id: '222222222222', name: one, ou: Workloads }
  - { id: '333333333333', name: two, ou: Workloads }
  - id: '444444444444'
    name: three
    ou: Workloads
    regions:
      eu-west-1:
        vpcs: [{ name: main, cidr: 10.1.0.0/16 }]
`;

function errorOf(text: string, file = 'bad.yaml'): OrganizationFileError {
  try {
    parseOrganization(text, file);
  } catch (e) {
    if (e instanceof OrganizationFileError) return e;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

describe('the demo organisation', () => {
  const org = loadOrganization(demoOrganizationPath);
  const byName = new Map(org.accounts.map(a => [a.name, a]));
  const named = (name: string) => {
    const account = byName.get(name);
    if (!account) throw new Error(`no account ${name}`);
    return account;
  };

  it('has the designed shape', () => {
    expect(org.accounts).toHaveLength(44);
    expect(org.organizationalUnits.map(o => o.path)).toEqual([
      'Security',
      'Infrastructure',
      'Workloads',
      'Workloads/Prod',
      'Workloads/Staging',
      'Workloads/QA',
      'Sandbox',
      'Suspended',
    ]);
    expect(org.managementAccountId).toBe('910221622225');
    expect(new Set(org.accounts.map(a => a.id)).size).toBe(44);
    for (const account of org.accounts) {
      expect(account.id).toMatch(/^\d{12}$/);
      expect(account.tags.owner).toMatch(
        /^(team-[a-z]+|platform-team|security-team)$/,
      );
      expect(['prod', 'staging', 'qa', 'sandbox', 'shared']).toContain(
        account.tags.environment,
      );
    }
    expect(org.policies.map(p => [p.id, p.type])).toEqual([
      ['p-FullAWSAccess', 'SERVICE_CONTROL_POLICY'],
      ['p-RCPFullAWSAccess', 'RESOURCE_CONTROL_POLICY'],
      ['p-denyleave', 'SERVICE_CONTROL_POLICY'],
      ['p-protectsecsvc', 'SERVICE_CONTROL_POLICY'],
      ['p-regionallow', 'SERVICE_CONTROL_POLICY'],
      ['p-denyrootuser', 'SERVICE_CONTROL_POLICY'],
      ['p-denyiamusers', 'SERVICE_CONTROL_POLICY'],
      ['p-secallowlist', 'SERVICE_CONTROL_POLICY'],
      ['p-rcpidperimeter', 'RESOURCE_CONTROL_POLICY'],
      ['p-rcpsecuretransport', 'RESOURCE_CONTROL_POLICY'],
      ['p-ec2baseline', 'DECLARATIVE_POLICY_EC2'],
      ['p-ec2vpcbpa', 'DECLARATIVE_POLICY_EC2'],
      ['p-ec2imageexception', 'DECLARATIVE_POLICY_EC2'],
    ]);
    // The AWS-managed policies sit on the root, every OU and every account, as
    // AWS attaches them; FullAWSAccess is detached from Security.
    expect(org.policies[0].targetIds).toHaveLength(1 + 8 + 44 - 1);
    expect(org.policies[0].targetIds).not.toContain('ou-f1nt-s3cur1ty0');
    expect(org.policies[1].targetIds).toHaveLength(1 + 8 + 44);
  });

  it('has the accounts of issue 12: states and Unicode names', () => {
    const states = Object.fromEntries(
      org.accounts
        .filter(a => a.status !== 'ACTIVE')
        .map(a => [a.name, a.status]),
    );
    expect(states).toEqual({
      'legacy-billing': 'SUSPENDED',
      'ancien-système-facturation': 'PENDING_CLOSURE',
      旧請求システム: 'CLOSED',
    });
    const longest = named(
      'リスク分析プラットフォーム-risk-analytics-platform-qa-tokyo-001',
    );
    expect([...longest.name]).toHaveLength(50);
    expect(named('🚀 launchpad').email).toBe('launchpad@example.com');
  });

  it('contains the deliberate faults of issue 12', () => {
    // Root access: members without root credentials, except these.
    const withCredentials = org.accounts
      .filter(a => a.iam.rootPasswordPresent)
      .map(a => a.name);
    expect(withCredentials).toEqual([
      'management',
      'fraud-prod',
      'auth-prod',
      'identity-staging',
    ]);
    expect(named('fraud-prod').iam.rootMfaDevice).toBe('virtual');
    expect(named('management').iam.rootMfaDevice).toBe('hardware');
    expect(named('identity-staging').iam.rootMfaEnabled).toBe(false);
    expect(
      named('auth-prod').rootEvents.map(e => [e.region, e.eventName]),
    ).toEqual([
      ['us-east-1', 'ConsoleLogin'],
      ['eu-west-1', 'ListBuckets'],
      ['eu-west-1', 'DescribeInstances'],
      ['eu-west-1', 'CreateAccessKey'],
    ]);
    // EC2 settings set by hand where no declarative policy reaches.
    expect(named('sandbox-identity').regions['eu-west-1'].ec2).toMatchObject({
      snapshotBlockPublicAccess: 'unblocked',
      instanceMetadataDefaults: { httpTokens: 'optional' },
    });
    expect(
      named('sandbox-cards').regions['us-east-1'].ec2.vpcBlockPublicAccess.mode,
    ).toBe('off');
    expect(
      named('sandbox-platform').regions['us-east-1'].ec2.imageBlockPublicAccess,
    ).toBe('unblocked');
    // Transit gateways: the segmented hubs, the legacy one shared by prod and
    // non-prod, one owned by an account whose role cannot be assumed.
    const gateways = org.transitGateways.map(t => [
      t.name,
      org.accounts.find(a => a.id === t.accountId)!.name,
      t.routeTables.map(r => r.name),
    ]);
    expect(gateways).toEqual([
      ['hub-euw1', 'network-hub', ['prod', 'non-prod', 'shared']],
      ['hub-euc1', 'network-hub', ['prod', 'non-prod', 'shared']],
      ['hub-use1', 'network-hub', ['prod', 'non-prod', 'shared']],
      ['hub-usw2', 'network-hub', ['prod', 'non-prod', 'shared']],
      ['legacy-euw1', 'shared-services', ['default']],
      ['data-mesh-euc1', 'data-lake-prod', ['default']],
    ]);
    const vpcOf = (name: string, region: string) =>
      org.accounts
        .flatMap(a => a.regions[region]?.vpcs ?? [])
        .find(v => v.name === name)!.id;
    const legacy = org.transitGateways[4];
    expect(legacy.attachments.map(a => a.vpcId)).toEqual([
      vpcOf('shared-services-euw1', 'eu-west-1'),
      vpcOf('fraud-prod-euw1', 'eu-west-1'),
      vpcOf('fraud-staging-euw1', 'eu-west-1'),
    ]);
    expect(legacy.routeTables[0].associations).toHaveLength(3);
    expect(legacy.routeTables[0].propagations).toHaveLength(3);
    expect(org.transitGateways[5].attachments.map(a => a.vpcId)).toEqual([
      vpcOf('data-lake-prod-euc1', 'eu-central-1'),
      vpcOf('reporting-prod-euc1', 'eu-central-1'),
    ]);
    // One-sided peering: routes on the requester's side only.
    const oneSided = org.peerings[2];
    const routesTo = (vpcName: string, peering: string) =>
      org.accounts
        .flatMap(a => a.regions['eu-west-1']?.vpcs ?? [])
        .find(v => v.name === vpcName)!
        .routeTables.flatMap(t => t.routes)
        .filter(r => r.vpcPeeringConnectionId === peering).length;
    expect(routesTo('cards-staging-euw1', oneSided.id)).toBeGreaterThan(0);
    expect(routesTo('cards-qa-euw1', oneSided.id)).toBe(0);
    expect(routesTo('payments-qa-euw1', org.peerings[0].id)).toBeGreaterThan(0);
  });

  it('keeps VPC CIDRs unique except the deliberate overlap', () => {
    const vpcs = org.accounts.flatMap(a =>
      Object.values(a.regions).flatMap(r =>
        r.vpcs.map(v => ({ account: a.name, ...v })),
      ),
    );
    const overlaps: string[] = [];
    vpcs.forEach((a, i) =>
      vpcs.slice(i + 1).forEach(b => {
        if (cidrsOverlap(a.cidr, b.cidr)) overlaps.push(`${a.name}~${b.name}`);
      }),
    );
    expect(overlaps).toEqual(['data-lake-staging-euw1~analytics-staging-euw1']);
    expect(vpcs.length).toBeGreaterThan(70);
  });

  it('contains every deliberate fault listed in the README', () => {
    expect(named('cards-prod').regions['eu-central-1'].guardDuty?.status).toBe(
      'DISABLED',
    );
    expect(named('cards-prod').regions['eu-west-1'].guardDuty?.status).toBe(
      'ENABLED',
    );
    expect(named('identity-staging').iam.rootMfaEnabled).toBe(false);
    expect(named('data-lake-prod').denyAssumeRole).toBe(true);
    expect(named('legacy-billing').status).toBe('SUSPENDED');
    expect(named('data-lake-qa').regions['eu-west-1'].vpcs[0].flowLogs).toEqual(
      [],
    );
    expect(named('auth-qa').regions['eu-west-1'].vpcs[0].tiers).toEqual([
      'public',
      'private',
    ]);
    expect(named('analytics-qa').s3PublicAccessBlock).toBeUndefined();
    expect(named('shared-services').iam.users[0].accessKeys[0].status).toBe(
      'Active',
    );
    expect(named('ledger-qa').regions['eu-west-1'].securityHub).toBeUndefined();
    expect(
      named('cards-staging').regions['eu-west-1'].configRecorder?.recording,
    ).toBe(false);
    expect(
      named('sandbox-data').regions['eu-west-1'].ebsEncryptionByDefault,
    ).toBe(false);

    const [prodToQa, overlap] = org.peerings;
    expect([
      prodToQa.requester.accountId,
      prodToQa.accepter.accountId,
      prodToQa.status,
    ]).toEqual([named('payments-prod').id, named('payments-qa').id, 'active']);
    expect(cidrsOverlap(overlap.requester.cidr, overlap.accepter.cidr)).toBe(
      true,
    );

    const regionAllowList = org.policies.find(
      p => p.name === 'region-allow-list',
    );
    const sandboxOu = org.organizationalUnits.find(o => o.path === 'Sandbox');
    expect(regionAllowList?.targetIds).not.toContain(sandboxOu?.id);
    expect(regionAllowList?.targetIds).not.toContain(org.rootId);
  });

  it('derives 3-tier subnets and routes: public → igw, private → nat, isolated neither', () => {
    const vpc = named('payments-prod').regions['eu-west-1'].vpcs[0];
    const table = (tier: string) =>
      vpc.routeTables.filter(t => t.tier === tier).flatMap(t => t.routes);
    expect(vpc.subnets.map(s => s.cidr)).toEqual([
      '10.20.0.0/20',
      '10.20.16.0/20',
      '10.20.32.0/20',
      '10.20.64.0/20',
      '10.20.80.0/20',
      '10.20.96.0/20',
      '10.20.128.0/20',
      '10.20.144.0/20',
      '10.20.160.0/20',
    ]);
    expect(
      table('public').find(r => r.destinationCidrBlock === '0.0.0.0/0')
        ?.gatewayId,
    ).toMatch(/^igw-/);
    expect(
      table('private')
        .filter(r => r.destinationCidrBlock === '0.0.0.0/0')
        .map(r => r.natGatewayId),
    ).toEqual(vpc.natGateways.map(n => n.id));
    expect(
      table('isolated').filter(r => r.destinationCidrBlock === '0.0.0.0/0'),
    ).toEqual([]);
  });

  it('resolves to the same ids every time', () => {
    expect(loadOrganization(demoOrganizationPath)).toEqual(org);
  });
});

describe('organisation file errors', () => {
  it('accepts the minimal file', () => {
    const org = parseOrganization(MINIMAL, 'minimal.yaml');
    expect(org.accounts.map(a => a.name)).toEqual([
      'management',
      'one',
      'two',
      'three',
    ]);
    expect(org.accounts[3].regions['eu-west-1'].vpcs[0].id).toMatch(
      /^vpc-[0-9a-f]{17}$/,
    );
  });

  it('names the file, the path and what was expected for a bad CIDR', () => {
    const error = errorOf(
      MINIMAL.replace('10.1.0.0/16', '10.1.0/16'),
      'orgs/bad.yaml',
    );
    expect(error.issues).toEqual([
      {
        path: 'accounts[3].regions.eu-west-1.vpcs[0].cidr',
        message:
          'expected an IPv4 CIDR block like 10.20.0.0/16, got "10.1.0/16"',
      },
    ]);
    expect(error.message).toContain(
      'orgs/bad.yaml: accounts[3].regions.eu-west-1.vpcs[0].cidr: expected an IPv4 CIDR block',
    );
  });

  it('rejects a CIDR with host bits set', () => {
    const error = errorOf(MINIMAL.replace('10.1.0.0/16', '10.1.0.1/16'));
    expect(error.issues[0].message).toMatch(/network address/);
  });

  it('rejects an unknown OU with the account path', () => {
    const error = errorOf(
      MINIMAL.replace('name: two, ou: Workloads', 'name: two, ou: Workload'),
    );
    expect(error.issues).toEqual([
      {
        path: 'accounts[2].ou',
        message:
          'OU "Workload" is not listed in organizationalUnits (use "Root" for the root)',
      },
    ]);
  });

  it('rejects a misspelt key and a bad account id together', () => {
    const error = errorOf(
      MINIMAL.replace(
        "{ id: '222222222222', name: one, ou: Workloads }",
        "{ id: '22222', name: one, oo: Workloads }",
      ),
    );
    expect(error.issues.map(i => i.path)).toEqual([
      'accounts[1].id',
      'accounts[1]',
    ]);
    expect(error.issues[0].message).toBe(
      'expected a 12-digit account id (got "22222")',
    );
    expect(error.issues[1].message).toMatch(/Unrecognized key.*"oo"/);
  });

  it('rejects a region name that is not one', () => {
    const error = errorOf(
      MINIMAL.replace('      eu-west-1:\n', '      eu-west:\n'),
    );
    expect(error.issues).toEqual([
      {
        path: 'accounts[3].regions.eu-west',
        message: 'expected an AWS region name like eu-west-1 (got "eu-west")',
      },
    ]);
  });

  it('rejects account state in a region that is not an operating region', () => {
    const error = errorOf(
      MINIMAL.replace('      eu-west-1:\n', '      ap-south-1:\n'),
      'orgs/bad.yaml',
    );
    expect(error.issues).toEqual([
      {
        path: 'accounts[3].regions.ap-south-1',
        message:
          'expected one of organization.regions (eu-west-1), got "ap-south-1"; add it there to give accounts state in it',
      },
    ]);
    expect(error.message).toContain(
      'orgs/bad.yaml: accounts[3].regions.ap-south-1: expected one of organization.regions',
    );
  });

  it('resolves the single hub of `transitGateway: true` to one default table everything uses', () => {
    const org = parseOrganization(
      MINIMAL.replace(
        "  - { id: '222222222222', name: one, ou: Workloads }",
        `  - id: '222222222222'
    name: one
    ou: Workloads
    regions:
      eu-west-1:
        transitGateway: true
        vpcs: [{ name: egress, cidr: 10.2.0.0/16, transitGateway: true }]`,
      ).replace(
        'vpcs: [{ name: main, cidr: 10.1.0.0/16 }]',
        'vpcs: [{ name: main, cidr: 10.1.0.0/16, transitGateway: true }]',
      ),
      'hub.yaml',
    );
    const [hub] = org.transitGateways;
    expect(hub).toMatchObject({
      name: 'hub',
      hub: true,
      accountId: '222222222222',
      autoAcceptSharedAttachments: true,
    });
    expect(hub.routeTables).toHaveLength(1);
    const [table] = hub.routeTables;
    expect(table.id).toBe(`tgw-rtb-${hub.id.slice(4)}`);
    expect(hub.associationDefaultRouteTableId).toBe(table.id);
    expect(hub.propagationDefaultRouteTableId).toBe(table.id);
    expect(table.associations).toEqual(hub.attachments.map(a => a.id));
    expect(table.propagations).toEqual(hub.attachments.map(a => a.id));
    expect(hub.attachments.map(a => a.accountId)).toEqual([
      '222222222222',
      '444444444444',
    ]);
  });

  it('rejects what AWS would not have: disabled policy types, a target left without SCPs, root credentials removed without central management', () => {
    const error = errorOf(
      `${MINIMAL.replace(
        "  - { id: '333333333333', name: two, ou: Workloads }",
        "  - { id: '333333333333', name: two, ou: Workloads, rootCredentials: false }",
      )}managedPolicies:
  FullAWSAccess: { detachedFrom: [Workloads] }
policies:
  - name: perimeter
    type: RESOURCE_CONTROL_POLICY
    targets: [Root]
    content: { Version: '2012-10-17', Statement: [] }
`,
    );
    expect(error.issues).toEqual([
      {
        path: 'accounts[2].rootCredentials',
        message:
          'an account without root credentials needs organization.rootAccessFeatures to include RootCredentialsManagement',
      },
      {
        path: 'policies[0].type',
        message:
          'policy type RESOURCE_CONTROL_POLICY is not enabled (add it to organization.policyTypes)',
      },
      {
        path: 'managedPolicies.FullAWSAccess.detachedFrom',
        message: expect.stringMatching(
          /^ou-abcd-[0-9a-f]{8} would be left without any SERVICE_CONTROL_POLICY/,
        ),
      },
    ]);
  });

  it('rejects an unknown gateway, a static route to a VPC not attached, and a name over 50 characters', () => {
    const error = errorOf(
      MINIMAL.replace(
        "  - { id: '222222222222', name: one, ou: Workloads }",
        `  - id: '222222222222'
    name: ${'名'.repeat(51)}
    ou: Workloads
    regions:
      eu-west-1:
        transitGateways:
          - name: core
            routeTables:
              - name: all
                default: both
                routes: [{ cidr: 10.1.0.0/16, to: three/eu-west-1/main }]`,
      ).replace(
        'vpcs: [{ name: main, cidr: 10.1.0.0/16 }]',
        'vpcs: [{ name: main, cidr: 10.1.0.0/16, transitGateway: edge }]',
      ),
    );
    expect(error.issues).toEqual([
      {
        path: 'accounts[1].name',
        message: 'expected an account name of 1 to 50 characters',
      },
    ]);
    const routed = errorOf(
      MINIMAL.replace(
        "  - { id: '222222222222', name: one, ou: Workloads }",
        `  - id: '222222222222'
    name: ${'名'.repeat(50)}
    ou: Workloads
    regions:
      eu-west-1:
        transitGateways:
          - name: core
            routeTables:
              - name: all
                default: both
                routes: [{ cidr: 10.1.0.0/16, to: three/eu-west-1/main }]`,
      ).replace(
        'vpcs: [{ name: main, cidr: 10.1.0.0/16 }]',
        'vpcs: [{ name: main, cidr: 10.1.0.0/16, transitGateway: edge }]',
      ),
    );
    expect(routed.issues).toEqual([
      {
        path: 'accounts[3].regions.eu-west-1.vpcs[0].transitGateway',
        message: 'no transit gateway named "edge" in eu-west-1',
      },
      {
        path: 'accounts[1].regions.eu-west-1.transitGateways[0].routeTables[0].routes[0].to',
        message:
          'static route 10.1.0.0/16 leads to "three/eu-west-1/main", which is not attached to core in eu-west-1',
      },
    ]);
  });

  it('rejects a missing required field', () => {
    const error = errorOf(MINIMAL.replace('  regions: [eu-west-1]\n', ''));
    expect(error.issues[0].path).toBe('organization.regions');
  });

  it('rejects a peering to a VPC that does not exist', () => {
    const error = errorOf(
      `${MINIMAL}peerings:\n  - { requester: three/eu-west-1/main, accepter: one/eu-west-1/nope }\n`,
    );
    expect(error.issues).toEqual([
      {
        path: 'peerings[0].accepter',
        message: 'account "one" has no VPC named "nope" in eu-west-1',
      },
    ]);
  });

  it('takes a list of analyzers, at most one of type ACCOUNT', () => {
    const withAnalyzers = (list: string) =>
      MINIMAL.replace(
        '        vpcs: [{ name: main, cidr: 10.1.0.0/16 }]',
        `        vpcs: [{ name: main, cidr: 10.1.0.0/16 }]\n        accessAnalyzer: ${list}`,
      );
    const org = parseOrganization(
      withAnalyzers('[{ name: mine }, { name: org, type: ORGANIZATION }]'),
      'ok.yaml',
    );
    expect(org.accounts[3].regions['eu-west-1'].accessAnalyzers).toEqual([
      { name: 'mine', type: 'ACCOUNT' },
      { name: 'org', type: 'ORGANIZATION' },
    ]);
    expect(
      errorOf(
        withAnalyzers(
          '[{ name: a }, { name: a, type: ORGANIZATION }, { name: b }]',
        ),
      ).issues,
    ).toEqual([
      {
        path: 'accounts[3].regions.eu-west-1.accessAnalyzer[1].name',
        message: 'duplicate analyzer name "a"',
      },
      {
        path: 'accounts[3].regions.eu-west-1.accessAnalyzer',
        message:
          'expected at most one analyzer of type ACCOUNT (AWS allows one)',
      },
    ]);
  });

  it('reports YAML syntax errors', () => {
    const error = errorOf('organization: [unclosed');
    expect(error.issues[0].message).toMatch(/^YAML syntax/);
  });

  it('loadOrganization throws OrganizationFileError for a bad file on disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-sandbox-'));
    const file = path.join(dir, 'org.yaml');
    fs.writeFileSync(
      file,
      MINIMAL.replace("'111111111111'\n  regions", "'999999999999'\n  regions"),
    );
    try {
      expect(() => loadOrganization(file)).toThrow(OrganizationFileError);
      expect(() => loadOrganization(file)).toThrow(
        `${file}: organization.managementAccount: management account 999999999999 is not listed in accounts`,
      );
      expect(() => loadOrganization(path.join(dir, 'missing.yaml'))).toThrow(
        /cannot read the file/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
