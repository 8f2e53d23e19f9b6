import type { AccountFacts } from '@internal/plugin-landing-zone-common';
import { data, failed, inEnglish, makeAccount, makeContext } from '../fixtures';
import {
  ec2Checks,
  ec2ImageBlockPublicAccessCheck,
  ec2ImdsV2DefaultCheck,
  ec2SnapshotBlockPublicAccessCheck,
  ec2VpcBlockPublicAccessCheck,
} from './ec2';

const region = (account: AccountFacts, name = 'eu-west-1') =>
  account.regions![name];

describe('every EC2 account-setting check', () => {
  const cases = ec2Checks.map(check => [check.definition.id, check] as const);

  it.each(cases)('%s passes a compliant account, per region', (_, check) => {
    const verdict = check.evaluate(makeContext(makeAccount()));
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.map(e => e.region)).toEqual([
      'eu-west-1',
      'eu-central-1',
    ]);
    expect(verdict.evidence[0].message).toMatch(
      /, set by hand in the account, no declarative policy enforces it$/,
    );
  });

  it.each(cases)(
    '%s is unknown when the setting was not collected or not read',
    (_, check) => {
      const account = makeAccount();
      delete region(account).vpcBlockPublicAccess;
      delete region(account).snapshotBlockPublicAccess;
      delete region(account).imageBlockPublicAccess;
      delete region(account).instanceMetadataDefaults;
      const verdict = check.evaluate(makeContext(account));
      expect(verdict.status).toBe('unknown');
      expect(verdict.evidence[0].region).toBe('eu-west-1');
      expect(verdict.evidence[0].message).toMatch(/was not collected/);

      const unread = makeAccount();
      const facts = region(unread, 'eu-central-1');
      facts.vpcBlockPublicAccess = failed('UnauthorizedOperation');
      facts.snapshotBlockPublicAccess = failed('UnauthorizedOperation');
      facts.imageBlockPublicAccess = failed('UnauthorizedOperation');
      facts.instanceMetadataDefaults = failed('UnauthorizedOperation');
      expect(check.evaluate(makeContext(unread)).status).toBe('unknown');
      delete unread.regions!['eu-central-1'];
      expect(inEnglish(check.evaluate(makeContext(unread)).evidence)).toEqual([
        { region: 'eu-central-1', message: 'Region was not scanned' },
      ]);
    },
  );
});

describe('ec2-vpc-block-public-access', () => {
  it('accepts block-ingress and says a declarative policy enforces it', () => {
    const account = makeAccount();
    region(account).vpcBlockPublicAccess = data({
      internetGatewayBlockMode: 'block-ingress',
      managedBy: 'declarative-policy',
    });
    expect(
      inEnglish(
        ec2VpcBlockPublicAccessCheck.evaluate(makeContext(account)).evidence[0],
      ),
    ).toEqual({
      region: 'eu-west-1',
      message:
        'VPC Block Public Access is block-ingress in eu-west-1, enforced by an EC2 declarative policy',
    });
  });

  it('fails naming the region and the actual mode', () => {
    const account = makeAccount();
    region(account, 'eu-central-1').vpcBlockPublicAccess = data({
      internetGatewayBlockMode: 'off',
    });
    expect(
      inEnglish(ec2VpcBlockPublicAccessCheck.evaluate(makeContext(account))),
    ).toEqual({
      status: 'fail',
      evidence: [
        {
          region: 'eu-central-1',
          message:
            'VPC Block Public Access is off in eu-central-1 (needs block-ingress or block-bidirectional), no EC2 declarative policy names it',
        },
      ],
    });
  });

  it('notes an effective declarative policy that names the attribute while EC2 says the account set it', () => {
    const account = makeAccount();
    account.global!.declarativePolicyEc2 = data({
      content: JSON.stringify({
        ec2_attributes: {
          vpc_block_public_access: {
            internet_gateway_block: { mode: { '@@assign': 'block_ingress' } },
          },
        },
      }),
    });
    expect(
      ec2VpcBlockPublicAccessCheck.evaluate(makeContext(account)).evidence[0]
        .message,
    ).toBe(
      'VPC Block Public Access is block-bidirectional in eu-west-1, set by hand in the account, although the effective declarative policy names vpc_block_public_access',
    );
    // Another attribute's policy says nothing about this one.
    expect(
      ec2ImdsV2DefaultCheck.evaluate(makeContext(account)).evidence[0].message,
    ).toMatch(/no declarative policy enforces it$/);
  });
});

describe('ec2-snapshot-block-public-access', () => {
  it('accepts block-new-sharing and fails unblocked', () => {
    const account = makeAccount();
    region(account).snapshotBlockPublicAccess = data({
      state: 'block-new-sharing',
    });
    region(account, 'eu-central-1').snapshotBlockPublicAccess = data({
      state: 'unblocked',
      managedBy: 'account',
    });
    const verdict = ec2SnapshotBlockPublicAccessCheck.evaluate(
      makeContext(account),
    );
    expect(verdict.status).toBe('fail');
    expect(inEnglish(verdict.evidence)).toEqual([
      {
        region: 'eu-central-1',
        message:
          'Block public access for EBS snapshots is unblocked in eu-central-1 (needs block-all-sharing or block-new-sharing), set by hand in the account, no declarative policy enforces it',
      },
    ]);
  });
});

describe('who enforces a setting', () => {
  it('says it is not known when EC2 did not say and the effective policy was not read', () => {
    const account = makeAccount();
    region(account).imageBlockPublicAccess = data({
      state: 'block-new-sharing',
    });
    account.global!.declarativePolicyEc2 = failed('AccessDeniedException');
    expect(
      inEnglish(
        ec2ImageBlockPublicAccessCheck.evaluate(makeContext(account))
          .evidence[0],
      ),
    ).toEqual({
      region: 'eu-west-1',
      message:
        'Block public access for AMIs is block-new-sharing in eu-west-1, whether a declarative policy enforces it is not known',
    });
  });

  it('names the effective policy when EC2 did not say who manages it', () => {
    const account = makeAccount();
    region(account).instanceMetadataDefaults = data({ httpTokens: 'required' });
    account.global!.declarativePolicyEc2 = data({
      content: JSON.stringify({
        ec2_attributes: {
          instance_metadata_defaults: { http_tokens: 'required' },
        },
      }),
    });
    expect(
      ec2ImdsV2DefaultCheck.evaluate(makeContext(account)).evidence[0].message,
    ).toBe(
      'The instance metadata default http-tokens is required in eu-west-1, the effective EC2 declarative policy names instance_metadata_defaults',
    );
  });
});

describe('ec2-image-block-public-access', () => {
  it('accepts only block-new-sharing', () => {
    const account = makeAccount();
    region(account).imageBlockPublicAccess = data({ state: 'unblocked' });
    const verdict = ec2ImageBlockPublicAccessCheck.evaluate(
      makeContext(account),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence[0].message).toMatch(
      /^Block public access for AMIs is unblocked in eu-west-1 \(needs block-new-sharing\)/,
    );
  });
});

describe('ec2-imdsv2-default', () => {
  it('fails optional and an account without a default', () => {
    const account = makeAccount();
    region(account).instanceMetadataDefaults = data({ httpTokens: 'optional' });
    region(account, 'eu-central-1').instanceMetadataDefaults = data({});
    expect(
      ec2ImdsV2DefaultCheck
        .evaluate(makeContext(account))
        .evidence.map(e => e.message),
    ).toEqual([
      'The instance metadata default http-tokens is optional in eu-west-1 (needs required), no EC2 declarative policy names it',
      'The instance metadata default http-tokens is not set in eu-central-1 (needs required), no EC2 declarative policy names it',
    ]);
  });

  it('is unknown when the member role could not be assumed', () => {
    const account = makeAccount();
    account.access = { code: 'AccessDenied', message: 'denied' };
    delete account.regions;
    expect(ec2ImdsV2DefaultCheck.evaluate(makeContext(account)).status).toBe(
      'unknown',
    );
  });
});
