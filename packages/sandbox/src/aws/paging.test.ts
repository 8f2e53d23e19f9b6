import {
  AccessAnalyzerClient,
  paginateListAnalyzers,
} from '@aws-sdk/client-accessanalyzer';
import {
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeFlowLogs,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import {
  GuardDutyClient,
  paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import {
  IAMClient,
  ListUsersCommand,
  paginateListAccessKeys,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import {
  InvalidInputException,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListPolicies,
  paginateListPoliciesForTarget,
  paginateListRoots,
  paginateListTagsForResource,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import {
  paginateGetEnabledStandards,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { stringify } from 'yaml';
import { clientConfig } from '../__testUtils__/clients';
import { parseOrganization } from '../org/load';
import type { OrganizationFile } from '../org/schema';
import type { Organization } from '../org/types';
import { startSandbox, type Sandbox } from '../startSandbox';
import { AwsError } from './errors';
import { DEFAULT_PAGE_SIZE, page, type PageRules } from './paging';

const MANAGEMENT = '100000000000';
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * An organisation with more of everything than one default page holds, all in the
 * management account's eu-west-1 so one set of clients reaches every listing.
 */
const PAGING_ORG: OrganizationFile = {
  organization: {
    id: 'o-pagingtest01',
    rootId: 'r-pgt1',
    managementAccount: MANAGEMENT,
    regions: ['eu-west-1'],
  },
  organizationalUnits: range(7).map(i => ({ path: `Unit${i}` })),
  policies: range(6).map(i => ({
    name: `policy-${i}`,
    targets: ['Root', 'Unit1', ...range(i).map(j => `member-${j}`)],
    content: { Version: '2012-10-17', Statement: [] },
  })),
  accounts: [
    {
      id: MANAGEMENT,
      name: 'management',
      ou: 'Root',
      tags: Object.fromEntries(range(7).map(i => [`tag${i}`, `value${i}`])),
      iamUsers: range(7).map(i => ({
        name: `user-${i}`,
        accessKeys: [{ status: 'Active' }, { status: 'Inactive' }],
      })),
      regions: {
        'eu-west-1': {
          transitGateway: true,
          guardDuty: 'ENABLED',
          securityHub: true,
          securityHubStandards: [
            'fsbp',
            'cis-1.2.0',
            'cis-1.4.0',
            'cis-3.0.0',
            'pci-3.2.1',
          ],
          accessAnalyzer: [
            { name: 'account-analyzer' },
            ...range(5).map(i => ({
              name: `organization-analyzer-${i}`,
              type: 'ORGANIZATION' as const,
            })),
          ],
          vpcs: range(7).map(i => ({
            name: `vpc-${i}`,
            cidr: `10.${i}.0.0/16`,
            flowLogs: true,
            transitGateway: true,
          })),
        },
      },
    },
    ...range(7).map(i => ({
      id: String(200000000000 + i),
      name: `member-${i}`,
      ou: 'Unit1',
    })),
  ],
  peerings: [
    ...range(6).map(i => ({
      requester: 'management/eu-west-1/vpc-1',
      accepter: `management/eu-west-1/vpc-${i + 1}`,
    })),
    {
      requester: 'management/eu-west-1/vpc-2',
      accepter: 'management/eu-west-1/vpc-3',
    },
  ],
};

type Listing = { pages: number; items: string[] };

async function collect<P>(
  pages: AsyncIterable<P>,
  items: (page: P) => (string | undefined)[] | undefined,
): Promise<Listing> {
  const out: Listing = { pages: 0, items: [] };
  for await (const current of pages) {
    out.pages += 1;
    out.items.push(...(items(current) ?? []).map(String));
  }
  return out;
}

type Clients = {
  ec2: EC2Client;
  iam: IAMClient;
  organizations: OrganizationsClient;
  guardDuty: GuardDutyClient;
  securityHub: SecurityHubClient;
  accessAnalyzer: AccessAnalyzerClient;
};

type Row = {
  operation: string;
  /** The most items AWS itself allows in this listing (one root, two keys a user…). */
  cap?: number;
  list: (c: Clients, org: Organization) => Promise<Listing>;
  truth: (org: Organization) => string[];
};

const management = (org: Organization) =>
  org.accounts.find(a => a.id === org.managementAccountId)!;
const region = (org: Organization) => management(org).regions['eu-west-1'];
const vpcs = (org: Organization) => region(org).vpcs;
const unit1 = (org: Organization) =>
  org.organizationalUnits.find(o => o.path === 'Unit1')!.id;

// Every paged operation the sandbox serves. Not here: CloudTrail DescribeTrails,
// which AWS does not page (no NextToken in its API).
const ROWS: Row[] = [
  {
    operation: 'DescribeVpcs',
    list: ({ ec2 }) =>
      collect(paginateDescribeVpcs({ client: ec2 }, {}), p =>
        p.Vpcs?.map(v => v.VpcId),
      ),
    truth: org => vpcs(org).map(v => v.id),
  },
  {
    operation: 'DescribeSubnets',
    list: ({ ec2 }) =>
      collect(paginateDescribeSubnets({ client: ec2 }, {}), p =>
        p.Subnets?.map(s => s.SubnetId),
      ),
    truth: org => vpcs(org).flatMap(v => v.subnets.map(s => s.id)),
  },
  {
    operation: 'DescribeRouteTables',
    list: ({ ec2 }) =>
      collect(paginateDescribeRouteTables({ client: ec2 }, {}), p =>
        p.RouteTables?.map(t => t.RouteTableId),
      ),
    truth: org => vpcs(org).flatMap(v => v.routeTables.map(t => t.id)),
  },
  {
    operation: 'DescribeFlowLogs',
    list: ({ ec2 }) =>
      collect(paginateDescribeFlowLogs({ client: ec2 }, {}), p =>
        p.FlowLogs?.map(f => f.FlowLogId),
      ),
    truth: org => vpcs(org).flatMap(v => v.flowLogs.map(f => f.id)),
  },
  {
    operation: 'DescribeVpcPeeringConnections',
    list: ({ ec2 }) =>
      collect(paginateDescribeVpcPeeringConnections({ client: ec2 }, {}), p =>
        p.VpcPeeringConnections?.map(c => c.VpcPeeringConnectionId),
      ),
    truth: org => org.peerings.map(p => p.id),
  },
  {
    operation: 'DescribeTransitGatewayAttachments',
    list: ({ ec2 }) =>
      collect(
        paginateDescribeTransitGatewayAttachments({ client: ec2 }, {}),
        p =>
          p.TransitGatewayAttachments?.map(a => a.TransitGatewayAttachmentId),
      ),
    truth: org => org.transitGateways[0].attachments.map(a => a.id),
  },
  {
    operation: 'DescribeNetworkAcls',
    list: ({ ec2 }) =>
      collect(paginateDescribeNetworkAcls({ client: ec2 }, {}), p =>
        p.NetworkAcls?.map(a => a.NetworkAclId),
      ),
    truth: org => vpcs(org).flatMap(v => v.networkAcls.map(a => a.id)),
  },
  {
    operation: 'ListUsers',
    list: ({ iam }) =>
      collect(paginateListUsers({ client: iam }, {}), p =>
        p.Users?.map(u => u.UserName),
      ),
    truth: org => management(org).iam.users.map(u => u.name),
  },
  {
    operation: 'ListAccessKeys',
    cap: 2,
    list: ({ iam }) =>
      collect(
        paginateListAccessKeys({ client: iam }, { UserName: 'user-3' }),
        p => p.AccessKeyMetadata?.map(k => k.AccessKeyId),
      ),
    truth: org =>
      management(org)
        .iam.users.find(u => u.name === 'user-3')!
        .accessKeys.map(k => k.id),
  },
  {
    operation: 'ListDetectors',
    cap: 1,
    list: ({ guardDuty }) =>
      collect(
        paginateListDetectors({ client: guardDuty }, {}),
        p => p.DetectorIds,
      ),
    truth: org => [region(org).guardDuty!.detectorId],
  },
  {
    operation: 'GetEnabledStandards',
    cap: 5,
    list: ({ securityHub }) =>
      collect(paginateGetEnabledStandards({ client: securityHub }, {}), p =>
        p.StandardsSubscriptions?.map(s => s.StandardsArn),
      ),
    truth: org => region(org).securityHub!.standardsArns,
  },
  {
    operation: 'ListAnalyzers',
    list: ({ accessAnalyzer }) =>
      collect(paginateListAnalyzers({ client: accessAnalyzer }, {}), p =>
        p.analyzers?.map(a => a.name),
      ),
    truth: org => region(org).accessAnalyzers.map(a => a.name),
  },
  {
    operation: 'ListRoots',
    cap: 1,
    list: ({ organizations }) =>
      collect(paginateListRoots({ client: organizations }, {}), p =>
        p.Roots?.map(r => r.Id),
      ),
    truth: org => [org.rootId],
  },
  {
    operation: 'ListOrganizationalUnitsForParent',
    list: ({ organizations }, org) =>
      collect(
        paginateListOrganizationalUnitsForParent(
          { client: organizations },
          { ParentId: org.rootId },
        ),
        p => p.OrganizationalUnits?.map(o => o.Id),
      ),
    truth: org =>
      org.organizationalUnits
        .filter(o => o.parentId === org.rootId)
        .map(o => o.id),
  },
  {
    operation: 'ListParents',
    cap: 1,
    list: ({ organizations }) =>
      collect(
        paginateListParents(
          { client: organizations },
          { ChildId: '200000000001' },
        ),
        p => p.Parents?.map(x => x.Id),
      ),
    truth: org => [unit1(org)],
  },
  {
    operation: 'ListTagsForResource',
    list: ({ organizations }) =>
      collect(
        paginateListTagsForResource(
          { client: organizations },
          { ResourceId: MANAGEMENT },
        ),
        p => p.Tags?.map(t => `${t.Key}=${t.Value}`),
      ),
    truth: org =>
      Object.entries(management(org).tags).map(([k, v]) => `${k}=${v}`),
  },
  {
    operation: 'ListAccounts',
    list: ({ organizations }) =>
      collect(paginateListAccounts({ client: organizations }, {}), p =>
        p.Accounts?.map(a => a.Id),
      ),
    truth: org => org.accounts.map(a => a.id),
  },
  {
    operation: 'ListAccountsForParent',
    list: ({ organizations }, org) =>
      collect(
        paginateListAccountsForParent(
          { client: organizations },
          { ParentId: unit1(org) },
        ),
        p => p.Accounts?.map(a => a.Id),
      ),
    truth: org =>
      org.accounts.filter(a => a.parentId === unit1(org)).map(a => a.id),
  },
  {
    operation: 'ListPolicies',
    list: ({ organizations }) =>
      collect(
        paginateListPolicies(
          { client: organizations },
          { Filter: 'SERVICE_CONTROL_POLICY' },
        ),
        p => p.Policies?.map(x => x.Id),
      ),
    truth: org => org.policies.map(p => p.id),
  },
  {
    operation: 'ListPoliciesForTarget',
    list: ({ organizations }, org) =>
      collect(
        paginateListPoliciesForTarget(
          { client: organizations },
          { TargetId: unit1(org), Filter: 'SERVICE_CONTROL_POLICY' },
        ),
        p => p.Policies?.map(x => x.Id),
      ),
    truth: org =>
      org.policies.filter(p => p.targetIds.includes(unit1(org))).map(p => p.id),
  },
  {
    operation: 'ListTargetsForPolicy',
    list: ({ organizations }, org) =>
      collect(
        paginateListTargetsForPolicy(
          { client: organizations },
          { PolicyId: org.policies[6].id },
        ),
        p => p.Targets?.map(t => t.TargetId),
      ),
    truth: org => org.policies[6].targetIds,
  },
];

describe('paging through the SDK paginators', () => {
  let sandbox: Sandbox;
  let clients: Clients;

  beforeAll(async () => {
    sandbox = await startSandbox({
      org: parseOrganization(stringify(PAGING_ORG), 'paging.yaml'),
    });
    const regional = clientConfig(sandbox, 'eu-west-1');
    clients = {
      ec2: new EC2Client(regional),
      iam: new IAMClient(clientConfig(sandbox)),
      organizations: new OrganizationsClient(clientConfig(sandbox)),
      guardDuty: new GuardDutyClient(regional),
      securityHub: new SecurityHubClient(regional),
      accessAnalyzer: new AccessAnalyzerClient(regional),
    };
  });
  afterAll(() => sandbox.close());

  describe.each([
    ['the default page size', undefined],
    ['faults.pageSize 1', 1],
  ])('at %s', (_label, pageSize) => {
    const size = pageSize ?? DEFAULT_PAGE_SIZE;
    beforeAll(() => sandbox.setFaults(pageSize ? { pageSize } : {}));

    it.each(ROWS.map(row => [row.operation, row] as const))(
      '%s pages to the end and lists exactly the seeded items',
      async (_operation, row) => {
        const truth = row.truth(sandbox.organization);
        // A listing that fits one page proves nothing: the fixture exceeds the
        // page size wherever AWS allows that many items (not one root, say).
        const capped = (row.cap ?? Infinity) <= size;
        expect(truth.length > size).toBe(!capped);
        const listed = await row.list(clients, sandbox.organization);
        expect(listed.items).toEqual(truth);
        expect(listed.pages).toBe(Math.max(1, Math.ceil(truth.length / size)));
        expect(listed.pages > 1).toBe(!capped);
      },
    );
  });

  it('still honours MaxResults up to each API’s maximum', async () => {
    sandbox.setFaults({});
    const { ec2, iam, organizations } = clients;
    const org = sandbox.organization;
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ MaxResults: 1000 }),
    );
    expect(subnets.Subnets).toHaveLength(
      vpcs(org).flatMap(v => v.subnets).length,
    );
    expect(subnets.NextToken).toBeUndefined();
    const tables = await ec2.send(
      new DescribeRouteTablesCommand({ MaxResults: 100 }),
    );
    expect(tables.RouteTables).toHaveLength(
      vpcs(org).flatMap(v => v.routeTables).length,
    );
    await expect(
      ec2.send(new DescribeRouteTablesCommand({ MaxResults: 101 })),
    ).rejects.toThrow(EC2ServiceException);

    const users = await iam.send(new ListUsersCommand({ MaxItems: 1000 }));
    expect([users.Users?.length, users.IsTruncated]).toEqual([7, false]);

    const accounts = await organizations.send(
      new ListAccountsCommand({ MaxResults: 20 }),
    );
    expect([accounts.Accounts?.length, accounts.NextToken]).toEqual([
      8,
      undefined,
    ]);
    await expect(
      organizations.send(new ListAccountsCommand({ MaxResults: 21 })),
    ).rejects.toThrow(InvalidInputException);
  });
});

describe('page', () => {
  const rules: PageRules = {
    min: 1,
    max: 20,
    invalidToken: () => new AwsError('InvalidToken', 'token'),
    invalidSize: message => new AwsError('InvalidSize', message),
  };
  const items = range(30);

  it('caps the sandbox’s page size at the API’s maximum, not the caller’s', () => {
    const first = page(
      items,
      { scope: 's', token: undefined, size: undefined, defaultSize: 1000 },
      rules,
    );
    expect(first.items).toEqual(range(20));
    const rest = page(
      items,
      {
        scope: 's',
        token: first.nextToken,
        size: undefined,
        defaultSize: 1000,
      },
      rules,
    );
    expect([rest.items, rest.nextToken]).toEqual([
      range(30).slice(20),
      undefined,
    ]);
    expect(() =>
      page(
        items,
        { scope: 's', token: undefined, size: 21, defaultSize: 5 },
        rules,
      ),
    ).toThrow('outside the allowed range 1..20');
  });
});
