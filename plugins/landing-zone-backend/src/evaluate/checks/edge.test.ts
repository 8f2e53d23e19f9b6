import type {
  AccountFacts,
  GuardrailCheck,
  LoadBalancer,
  NetworkAcl,
  NetworkAclEntry,
  SecurityGroup,
} from '@internal/plugin-landing-zone-common';
import {
  data,
  failed,
  inEnglish,
  makeAccount,
  makeContext,
  makeNetworkAcls,
  makeVpc,
} from '../fixtures';
import {
  edgeChecks,
  networkAclTiersCheck,
  reachableInternetAllows,
  securityGroupAdminPortsCheck,
  wafPublicEntryCheck,
} from './edge';

const region = 'eu-west-1';
const evaluate = (check: GuardrailCheck, account: AccountFacts) =>
  check.evaluate(makeContext(account));

const messages = (verdict: { evidence: { message: string }[] }) =>
  inEnglish(verdict).evidence.map(e => e.message);

describe('every edge check', () => {
  it.each(edgeChecks.map(c => [c.definition.id, c] as const))(
    '%s is unknown when the member role could not be assumed',
    (_, check) => {
      const account = makeAccount();
      account.access = { code: 'AccessDenied', message: 'no' };
      delete account.regions;
      delete account.global;
      expect(evaluate(check, account).status).toBe('unknown');
    },
  );
});

const entry = (
  ruleNumber: number,
  ruleAction: 'allow' | 'deny',
  overrides: Partial<NetworkAclEntry> = {},
): NetworkAclEntry => ({
  ruleNumber,
  egress: false,
  protocol: '-1',
  ruleAction,
  cidrBlock: '0.0.0.0/0',
  ...overrides,
});

const acl = (entries: NetworkAclEntry[]): NetworkAcl => ({
  networkAclId: 'acl-1',
  vpcId: 'vpc-1',
  isDefault: false,
  entries,
  subnetIds: [],
});

describe('reachableInternetAllows', () => {
  const rules = (entries: NetworkAclEntry[]) =>
    reachableInternetAllows(acl(entries)).map(e => e.ruleNumber);

  it('finds the classic allow-all from 0.0.0.0/0', () => {
    expect(rules([entry(100, 'allow'), entry(32767, 'deny')])).toEqual([100]);
  });

  it('lets a lower-numbered deny for the same traffic shadow an allow, in rule order whatever the list order', () => {
    expect(rules([entry(200, 'allow'), entry(100, 'deny')])).toEqual([]);
    expect(rules([entry(100, 'allow'), entry(200, 'deny')])).toEqual([100]);
  });

  it('shadows only traffic the deny fully covers', () => {
    const tcp22 = { protocol: '6', portRange: { from: 22, to: 22 } };
    const tcpAll = { protocol: '6' };
    // A deny of TCP 22 leaves the rest of "all traffic" allowed.
    expect(rules([entry(90, 'deny', tcp22), entry(100, 'allow')])).toEqual([
      100,
    ]);
    // A deny of every TCP port covers an allow of TCP 22.
    expect(
      rules([entry(90, 'deny', tcpAll), entry(100, 'allow', tcp22)]),
    ).toEqual([]);
    // A deny of UDP does not cover TCP.
    expect(
      rules([
        entry(90, 'deny', { protocol: '17' }),
        entry(100, 'allow', tcp22),
      ]),
    ).toEqual([100]);
    // A deny of a narrower port range does not cover a wider allow.
    expect(
      rules([
        entry(90, 'deny', { protocol: '6', portRange: { from: 22, to: 80 } }),
        entry(100, 'allow', {
          protocol: '6',
          portRange: { from: 1024, to: 65535 },
        }),
      ]),
    ).toEqual([100]);
  });

  it('keeps IPv4 and IPv6 apart, and ignores blocks narrower than the internet and outbound rules', () => {
    const v6 = { cidrBlock: undefined, ipv6CidrBlock: '::/0' };
    expect(rules([entry(90, 'deny'), entry(100, 'allow', v6)])).toEqual([100]);
    expect(rules([entry(90, 'deny', v6), entry(100, 'allow', v6)])).toEqual([]);
    expect(
      rules([
        entry(100, 'allow', { cidrBlock: '10.0.0.0/8' }),
        entry(110, 'allow', { egress: true }),
        entry(120, 'deny'),
      ]),
    ).toEqual([]);
    // A deny from part of the internet shadows nothing.
    expect(
      rules([
        entry(90, 'deny', { cidrBlock: '0.0.0.0/1' }),
        entry(100, 'allow'),
      ]),
    ).toEqual([100]);
  });
});

function vpcAccount(
  change: (acls: NetworkAcl[]) => NetworkAcl[] | void = () => {},
) {
  const vpc = makeVpc('vpc-1', '10.0.0.0/16');
  const account = makeAccount({ vpcs: { [region]: [vpc] } });
  const acls = makeNetworkAcls(vpc);
  account.regions![region].networkAcls = data(change(acls) ?? acls);
  return account;
}

const byId = (acls: NetworkAcl[], id: string) =>
  acls.find(a => a.networkAclId === `acl-vpc-1-${id}`)!;

describe('network-acl-tiers', () => {
  it('passes each VPC whose tiers have ACLs of their own, and an account without VPCs', () => {
    expect(inEnglish(evaluate(networkAclTiersCheck, vpcAccount()))).toEqual({
      status: 'pass',
      evidence: [
        {
          region,
          resource: 'vpc-1',
          message:
            'Each subnet tier of the VPC has a network ACL of its own, and the isolated tier admits no traffic from the internet',
        },
      ],
    });
    expect(inEnglish(evaluate(networkAclTiersCheck, makeAccount()))).toEqual({
      status: 'pass',
      evidence: [{ message: 'No VPCs' }],
    });
  });

  it('fails subnets without an explicit association: they use the default ACL', () => {
    const account = vpcAccount(acls => {
      byId(acls, 'private').subnetIds = [];
    });
    expect(inEnglish(evaluate(networkAclTiersCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'vpc-1',
          message:
            'The private subnets vpc-1-priv use the default network ACL acl-vpc-1-default',
        },
      ],
    });
  });

  it('fails the isolated tier on the default ACL twice: default, and open to the internet', () => {
    const account = vpcAccount(acls => {
      byId(acls, 'isolated').subnetIds = [];
      byId(acls, 'default').subnetIds = ['vpc-1-iso'];
    });
    expect(messages(evaluate(networkAclTiersCheck, account))).toEqual([
      'The isolated subnets vpc-1-iso use the default network ACL acl-vpc-1-default',
      'Network ACL acl-vpc-1-default of the isolated subnets allows inbound all traffic from 0.0.0.0/0 (rule 100)',
    ]);
  });

  it('fails a public ACL shared with the private or isolated tier', () => {
    const account = vpcAccount(acls => {
      byId(acls, 'public').subnetIds.push('vpc-1-priv');
      byId(acls, 'private').subnetIds = [];
    });
    expect(messages(evaluate(networkAclTiersCheck, account))).toEqual([
      'The public subnets share network ACL acl-vpc-1-public with the private subnets',
    ]);
  });

  it('passes a private ACL shared with the isolated tier: only the public one must differ', () => {
    const account = vpcAccount(acls => {
      byId(acls, 'private').subnetIds.push('vpc-1-iso');
      byId(acls, 'isolated').subnetIds = [];
    });
    expect(evaluate(networkAclTiersCheck, account).status).toBe('pass');
  });

  it('fails an isolated ACL with a reachable allow from ::/0, not one shadowed by a deny', () => {
    const open = vpcAccount(acls => {
      byId(acls, 'isolated').entries.unshift(
        entry(50, 'allow', {
          cidrBlock: undefined,
          ipv6CidrBlock: '::/0',
          protocol: '6',
          portRange: { from: 443, to: 443 },
        }),
      );
    });
    expect(messages(evaluate(networkAclTiersCheck, open))).toEqual([
      'Network ACL acl-vpc-1-isolated of the isolated subnets allows inbound protocol 6 traffic to ports 443-443 from ::/0 (rule 50)',
    ]);
    const shadowed = vpcAccount(acls => {
      byId(acls, 'isolated').entries.unshift(
        entry(10, 'deny', { cidrBlock: '0.0.0.0/0' }),
        entry(50, 'allow', { protocol: '1' }),
      );
    });
    expect(evaluate(networkAclTiersCheck, shadowed).status).toBe('pass');
  });

  it('does not judge the inbound rules of public and private ACLs, nor tiers a VPC lacks', () => {
    const vpc = makeVpc('vpc-1', '10.0.0.0/16', {
      subnets: [{ subnetId: 'vpc-1-pub', cidr: '10.0.0.0/24', tier: 'public' }],
    });
    const account = makeAccount({ vpcs: { [region]: [vpc] } });
    const acls = makeNetworkAcls(vpc);
    byId(acls, 'public').entries.unshift(entry(1, 'allow'));
    account.regions![region].networkAcls = data(acls);
    expect(evaluate(networkAclTiersCheck, account).status).toBe('pass');
  });

  it('judges a default VPC like any other', () => {
    const vpc = makeVpc('vpc-d', '172.31.0.0/16', {
      isDefault: true,
      subnets: [
        { subnetId: 'd-a', cidr: '172.31.0.0/20', tier: 'public' },
        { subnetId: 'd-b', cidr: '172.31.16.0/20', tier: 'public' },
      ],
    });
    const account = makeAccount({ vpcs: { [region]: [vpc] } });
    const acls = makeNetworkAcls(vpc).filter(a => a.isDefault);
    account.regions![region].networkAcls = data(acls);
    expect(messages(evaluate(networkAclTiersCheck, account))).toEqual([
      'The public subnets d-a, d-b use the default network ACL acl-vpc-d-default',
    ]);
  });

  it('is unknown for subnets whose ACL is not among those read', () => {
    const account = vpcAccount(acls => acls.filter(a => !a.isDefault));
    const tierAcls = account.regions![region].networkAcls!.data!;
    byId(tierAcls, 'isolated').subnetIds = [];
    expect(inEnglish(evaluate(networkAclTiersCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          resource: 'vpc-1',
          message:
            'The network ACL of the isolated subnets vpc-1-iso is not known: they have no explicit association and the default ACL of the VPC was not listed',
        },
      ],
    });
  });

  it('is unknown when the ACLs or VPCs were not collected or could not be read, and needs no ACLs without VPCs', () => {
    const notCollected = vpcAccount();
    delete notCollected.regions![region].networkAcls;
    expect(inEnglish(evaluate(networkAclTiersCheck, notCollected))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          message:
            'Network ACLs was not collected (facts from before the portal read it)',
        },
      ],
    });
    const unreadable = vpcAccount();
    unreadable.regions![region].networkAcls = failed(
      'UnauthorizedOperation',
      'ec2:DescribeNetworkAcls',
    );
    expect(inEnglish(evaluate(networkAclTiersCheck, unreadable))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          message:
            'ec2:DescribeNetworkAcls: UnauthorizedOperation: UnauthorizedOperation (test)',
        },
      ],
    });
    const noVpcs = vpcAccount();
    noVpcs.regions![region].vpcs = failed('UnauthorizedOperation');
    expect(evaluate(networkAclTiersCheck, noVpcs).status).toBe('unknown');
    const empty = makeAccount();
    delete empty.regions![region].networkAcls;
    expect(evaluate(networkAclTiersCheck, empty).status).toBe('pass');
  });
});

const group = (
  openIngress: SecurityGroup['openIngress'],
  groupName?: string,
): SecurityGroup => ({ groupId: 'sg-1', groupName, openIngress });

function withGroups(groups: SecurityGroup[]) {
  const account = makeAccount();
  account.regions![region].securityGroups = data(groups);
  return evaluate(securityGroupAdminPortsCheck, account);
}

describe('security-group-admin-ports', () => {
  it('passes groups open to the internet on other ports', () => {
    expect(inEnglish(withGroups([]))).toEqual({
      status: 'pass',
      evidence: [
        {
          region,
          message:
            '0 security group(s) checked: none opens SSH (22) or RDP (3389) to the internet',
        },
        {
          region: 'eu-central-1',
          message:
            '1 security group(s) checked: none opens SSH (22) or RDP (3389) to the internet',
        },
      ],
    });
    expect(
      withGroups([
        group([
          {
            ipProtocol: 'tcp',
            fromPort: 23,
            toPort: 3388,
            source: '0.0.0.0/0',
          },
          { ipProtocol: 'udp', fromPort: 0, toPort: 65535, source: '::/0' },
          { ipProtocol: 'icmp', fromPort: -1, toPort: -1, source: '0.0.0.0/0' },
        ]),
      ]).status,
    ).toBe('pass');
  });

  it('fails SSH by a range that covers 22, RDP over TCP, and both over all protocols', () => {
    const verdict = withGroups([
      group(
        [
          { ipProtocol: 'tcp', fromPort: 0, toPort: 1024, source: '0.0.0.0/0' },
          { ipProtocol: '6', fromPort: 3389, toPort: 3389, source: '::/0' },
        ],
        'admin',
      ),
      { ...group([{ ipProtocol: '-1', source: '::/0' }]), groupId: 'sg-2' },
    ]);
    expect(inEnglish(verdict)).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'sg-1',
          message:
            'Security group sg-1 (admin) opens port 22 to 0.0.0.0/0: it allows tcp ports 0-1024',
        },
        {
          region,
          resource: 'sg-1',
          message:
            'Security group sg-1 (admin) opens port 3389 to ::/0: it allows 6 ports 3389-3389',
        },
        {
          region,
          resource: 'sg-2',
          message:
            'Security group sg-2 opens port 22 to ::/0: it allows all traffic',
        },
        {
          region,
          resource: 'sg-2',
          message:
            'Security group sg-2 opens port 3389 to ::/0: it allows all traffic',
        },
      ],
    });
    expect(verdict.evidence[0].params).toEqual({
      'group.code': 'sg.group.named',
      'group.groupId': 'sg-1',
      'group.groupName': 'admin',
      port: 22,
      source: '0.0.0.0/0',
      protocol: 'tcp',
      from: 0,
      to: 1024,
    });
  });

  it('counts a TCP rule of all ports (-1) and ignores UDP 3389 and sources other than the internet', () => {
    expect(
      withGroups([
        group([
          { ipProtocol: 'tcp', fromPort: -1, toPort: -1, source: '::/0' },
        ]),
      ]).evidence.map(e => e.params?.port),
    ).toEqual([22, 3389]);
    expect(
      withGroups([
        group([
          { ipProtocol: 'udp', fromPort: 3389, toPort: 3389, source: '::/0' },
          { ipProtocol: 'tcp', fromPort: 22, toPort: 22, source: '10.0.0.0/8' },
        ]),
      ]).status,
    ).toBe('pass');
  });

  it('is unknown when the groups were not collected or could not be read', () => {
    const account = makeAccount();
    delete account.regions![region].securityGroups;
    account.regions!['eu-central-1'].securityGroups = failed('Throttling');
    expect(inEnglish(evaluate(securityGroupAdminPortsCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          message:
            'Security groups was not collected (facts from before the portal read it)',
        },
        { region: 'eu-central-1', message: 'Throttling: Throttling (test)' },
      ],
    });
  });
});

const balancer = (
  name: string,
  overrides: Partial<LoadBalancer> = {},
): LoadBalancer => ({
  loadBalancerArn: `arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/app/${name}/1`,
  name,
  type: 'application',
  scheme: 'internet-facing',
  ...overrides,
});

function withEntries(
  balancers: LoadBalancer[],
  distributions: { id: string; webAclId?: string }[] = [],
) {
  const account = makeAccount();
  account.regions![region].loadBalancers = data(balancers);
  account.global!.cloudFrontDistributions = data(
    distributions.map(d => ({
      ...d,
      arn: `arn:aws:cloudfront::111122223333:distribution/${d.id}`,
      domainName: `${d.id.toLowerCase()}.cloudfront.net`,
      aliases: [],
      enabled: true,
    })),
  );
  return account;
}

describe('waf-public-entry', () => {
  it('passes without a public entry, saying so', () => {
    const account = withEntries([
      balancer('internal', { scheme: 'internal' }),
      balancer('nlb', { type: 'network' }),
      balancer('gwlb', { type: 'gateway', scheme: 'internal' }),
    ]);
    expect(inEnglish(evaluate(wafPublicEntryCheck, account))).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            'No internet-facing Application Load Balancer or CloudFront distribution: there is no public entry to guard',
        },
      ],
    });
  });

  it('passes protected entries and fails the unprotected ones', () => {
    const account = withEntries(
      [
        balancer('web', {
          webAcl: data({ arn: 'arn:aws:wafv2:…/webacl/edge/1', name: 'edge' }),
        }),
        balancer('api', { webAcl: data(null) }),
      ],
      [
        { id: 'E1', webAclId: 'arn:aws:wafv2:us-east-1:…/webacl/cf/2' },
        { id: 'E2' },
      ],
    );
    expect(inEnglish(evaluate(wafPublicEntryCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: balancer('api').loadBalancerArn,
          message:
            'Internet-facing Application Load Balancer api has no WAF web ACL',
        },
        {
          resource: 'arn:aws:cloudfront::111122223333:distribution/E2',
          message:
            'CloudFront distribution E2 (e2.cloudfront.net) has no WAF web ACL',
        },
      ],
    });
    const fixed = withEntries(
      [balancer('web', { webAcl: data({ arn: 'a', name: 'edge' }) })],
      [{ id: 'E1', webAclId: 'cf-acl' }],
    );
    expect(messages(evaluate(wafPublicEntryCheck, fixed))).toEqual([
      'Internet-facing Application Load Balancer web is protected by web ACL edge',
      'CloudFront distribution E1 (e1.cloudfront.net) is protected by web ACL cf-acl',
    ]);
  });

  it('is unknown for an ALB whose web ACL was not read or could not be', () => {
    const account = withEntries([
      balancer('unread'),
      balancer('denied', {
        webAcl: failed('AccessDeniedException', 'wafv2:GetWebACLForResource'),
      }),
    ]);
    expect(messages(evaluate(wafPublicEntryCheck, account))).toEqual([
      'The web ACL of internet-facing Application Load Balancer unread was not read',
      'The web ACL of internet-facing Application Load Balancer denied could not be read: wafv2:GetWebACLForResource: AccessDeniedException: AccessDeniedException (test)',
    ]);
    expect(evaluate(wafPublicEntryCheck, account).status).toBe('unknown');
  });

  it('is unknown when distributions or load balancers were not collected, and fails still when one entry is open', () => {
    const account = withEntries([balancer('api', { webAcl: data(null) })]);
    delete account.global!.cloudFrontDistributions;
    account.regions!['eu-central-1'].loadBalancers = failed('Throttling');
    expect(inEnglish(evaluate(wafPublicEntryCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: balancer('api').loadBalancerArn,
          message:
            'Internet-facing Application Load Balancer api has no WAF web ACL',
        },
        { region: 'eu-central-1', message: 'Throttling: Throttling (test)' },
        {
          message:
            'CloudFront distributions was not collected (facts from before the portal read it)',
        },
      ],
    });
    const noGlobal = makeAccount();
    delete noGlobal.global;
    expect(inEnglish(evaluate(wafPublicEntryCheck, noGlobal))).toEqual({
      status: 'unknown',
      evidence: [{ message: 'Global facts were not collected' }],
    });
    const cloudFrontDenied = makeAccount();
    cloudFrontDenied.global!.cloudFrontDistributions = failed(
      'AccessDenied',
      'cloudfront:ListDistributions',
    );
    expect(evaluate(wafPublicEntryCheck, cloudFrontDenied).status).toBe(
      'unknown',
    );
  });
});
