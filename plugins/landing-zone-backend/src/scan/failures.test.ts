import type {
  AccountFacts,
  FactError,
  RegionFacts,
} from '@internal/plugin-landing-zone-common';
import { accountFailure, collectionErrors } from './failures';
import { ScanErrors } from './ScanErrors';

const at = '2026-12-01T00:00:00.000Z';
const ok = <T>(data: T) => ({ data, collectedAt: at });
const failed = (code: string, operation: string, message = 'it failed') => ({
  error: { code, operation, message },
  collectedAt: at,
});

function region(overrides: Partial<RegionFacts> = {}): RegionFacts {
  return {
    vpcs: ok([]),
    peerings: ok([]),
    transitGatewayAttachments: ok([]),
    ebsEncryptionByDefault: ok(true),
    guardDuty: ok({ detectors: [] }),
    cloudTrail: ok({ trails: [] }),
    config: ok({ recorders: [] }),
    securityHub: ok({ enabled: false, standards: [] }),
    accessAnalyzer: ok({ analyzers: [] }),
    ...overrides,
  };
}

function facts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    account: {
      id: '111122223333',
      name: 'payments-prod',
      email: 'a@example.com',
      status: 'ACTIVE',
      parentId: 'ou-1',
      parentIds: ['r-1', 'ou-1'],
      ouPath: 'Root/Workloads/Prod',
      tags: {},
      environment: 'prod',
    },
    global: {
      iamSummary: ok({
        accountMfaEnabled: true,
        accountAccessKeysPresent: false,
      }),
      iamUsersWithKeys: ok([]),
      s3PublicAccessBlock: ok(null),
    },
    regions: { 'eu-west-1': region(), 'us-east-1': region() },
    collectedAt: at,
    ...overrides,
  };
}

describe('accountFailure', () => {
  it('is nothing for a complete collection', () => {
    expect(collectionErrors(facts())).toEqual([]);
    expect(accountFailure(facts())).toBeUndefined();
  });

  it('reports a denied role as it came, under the account id', () => {
    const access: FactError = {
      code: 'AccessDenied',
      operation: 'sts:AssumeRole',
      message: 'not authorized',
    };
    expect(
      accountFailure(facts({ access, global: undefined, regions: undefined })),
    ).toEqual({ ...access, message: '111122223333: not authorized' });
  });

  it('summarises any error of any kind in one entry naming the first reads', () => {
    const summary = accountFailure(
      facts({
        regions: {
          'eu-west-1': region({
            vpcs: failed('ETIMEDOUT', 'ec2:DescribeVpcs', 'x'.repeat(500)),
            guardDuty: failed('ThrottlingException', 'guardduty:ListDetectors'),
          }),
          'us-east-1': region({
            config: failed(
              'ECONNREFUSED',
              'config:DescribeConfigurationRecorders',
            ),
            securityHub: failed('InternalException', 'securityhub:DescribeHub'),
          }),
        },
      }),
    )!;
    expect(summary.code).toBe('ETIMEDOUT');
    expect(summary.operation).toBe('ec2:DescribeVpcs');
    expect(summary.message).toMatch(
      /^111122223333: 4 read\(s\) failed: ec2:DescribeVpcs \(eu-west-1\): ETIMEDOUT; guardduty:ListDetectors \(eu-west-1\): ThrottlingException; config:DescribeConfigurationRecorders \(us-east-1\): ECONNREFUSED \(\+1 more\)\. First: x+…$/,
    );
    // Bounded however long the first error's message.
    expect(summary.message.length).toBe(300);
  });
});

describe('collectionErrors', () => {
  it("counts a bucket's or a load balancer's own failed read, where it happened", () => {
    const account = facts({
      regions: {
        'eu-west-1': region({
          loadBalancers: ok([
            {
              loadBalancerArn:
                'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/edge/1',
              name: 'edge',
              type: 'application',
              scheme: 'internet-facing',
              webAcl: failed(
                'AccessDeniedException',
                'wafv2:GetWebACLForResource',
              ),
            },
            {
              loadBalancerArn:
                'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/api/2',
              name: 'api',
              type: 'application',
              scheme: 'internal',
            },
          ]),
        }),
      },
    });
    account.global!.s3Buckets = ok([
      {
        name: 'raw',
        region: 'eu-central-1',
        encryption: failed('AccessDenied', 's3:GetBucketEncryption'),
      },
      { name: 'clean', region: 'eu-central-1', encryption: ok(null) },
    ]);
    expect(
      collectionErrors(account).map(e => [e.region, e.error.operation]),
    ).toEqual([
      ['eu-central-1', 's3:GetBucketEncryption'],
      ['eu-west-1', 'wafv2:GetWebACLForResource'],
    ]);
    expect(accountFailure(account)?.message).toMatch(
      /2 read\(s\) failed: s3:GetBucketEncryption \(eu-central-1\): AccessDenied; wafv2:GetWebACLForResource \(eu-west-1\)/,
    );
  });
});

describe('ScanErrors', () => {
  it("lists the scan's own errors first, then one per account by id", () => {
    const errors = ScanErrors.create();
    errors.addAccount({ code: 'ETIMEDOUT', message: '222222222222: slow' });
    errors.add({ code: 'ScanTimeout', message: 'stopped' });
    errors.addAccount({ code: 'AccessDenied', message: '111111111111: no' });
    expect(errors.list().map(e => e.message)).toEqual([
      'stopped',
      '111111111111: no',
      '222222222222: slow',
    ]);
  });

  it('keeps at most 500, saying how many were left out', () => {
    const errors = ScanErrors.create();
    errors.add({ code: 'ScanTimeout', message: 'stopped' });
    for (let i = 0; i < 700; i++) {
      errors.addAccount({
        code: 'ETIMEDOUT',
        message: `${String(100000000000 + i)}: slow`,
      });
    }
    const list = errors.list();
    expect(list).toHaveLength(500);
    expect(list[0].message).toBe('stopped');
    expect(list[499]).toEqual({
      code: 'TooManyErrors',
      message:
        "202 more error(s) not listed; each failed account's stale reason says what failed",
    });
    expect(errors.size).toBe(701);
  });
});
