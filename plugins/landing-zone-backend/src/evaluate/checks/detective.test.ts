import type {
  AccountFacts,
  CloudTrailFacts,
  GuardrailCheck,
} from '@internal/plugin-landing-zone-common';
import {
  data,
  failed,
  inEnglish,
  makeAccount,
  makeContext,
  makeVpc,
  orgTrailArn,
} from '../fixtures';
import {
  accessAnalyzerEnabledCheck,
  cloudTrailMultiRegionCheck,
  configRecorderEnabledCheck,
  detectiveChecks,
  ebsDefaultEncryptionCheck,
  guardDutyEnabledCheck,
  noIamUserAccessKeysCheck,
  s3AccountPublicAccessBlockCheck,
  securityHubFsbpCheck,
  vpcFlowLogsCheck,
} from './detective';

const evaluate = (check: GuardrailCheck, account: AccountFacts) =>
  check.evaluate(makeContext(account));

function region(account: AccountFacts, name = 'eu-central-1') {
  return account.regions![name];
}

describe('every detective check', () => {
  const cases = detectiveChecks.map(
    check => [check.definition.id, check] as const,
  );

  it.each(cases)('%s passes on a compliant account', (_, check) => {
    const verdict = evaluate(
      check,
      makeAccount({ vpcs: { 'eu-west-1': [makeVpc('vpc-1', '10.0.0.0/16')] } }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.length).toBeGreaterThan(0);
  });

  it.each(cases)(
    '%s is unknown when the member role could not be assumed',
    (_, check) => {
      const account = makeAccount();
      account.access = {
        code: 'AccessDenied',
        message: 'not authorized to assume',
        operation: 'sts:AssumeRole',
      };
      delete account.global;
      delete account.regions;
      expect(inEnglish(evaluate(check, account))).toEqual({
        status: 'unknown',
        evidence: [
          {
            message:
              'Account could not be read: sts:AssumeRole: AccessDenied: not authorized to assume',
          },
        ],
      });
    },
  );
});

describe('regional checks', () => {
  it('fail with evidence for the failing region only', () => {
    const account = makeAccount();
    region(account).guardDuty = data({
      detectors: [{ detectorId: 'det-2', status: 'DISABLED' }],
    });
    expect(inEnglish(evaluate(guardDutyEnabledCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region: 'eu-central-1',
          resource: 'det-2',
          message: 'GuardDuty detector is DISABLED',
        },
      ],
    });
  });

  it('are unknown when a region could not be read and no region fails', () => {
    const account = makeAccount();
    region(account).guardDuty = failed(
      'AccessDeniedException',
      'guardduty:ListDetectors',
    );
    expect(inEnglish(evaluate(guardDutyEnabledCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region: 'eu-central-1',
          message:
            'guardduty:ListDetectors: AccessDeniedException: AccessDeniedException (test)',
        },
      ],
    });
  });

  it('fail when one region fails even if another could not be read', () => {
    const account = makeAccount();
    region(account, 'eu-west-1').guardDuty = data({ detectors: [] });
    region(account).guardDuty = failed('ThrottlingException');
    const verdict = evaluate(guardDutyEnabledCheck, account);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.region)).toEqual([
      'eu-west-1',
      'eu-central-1',
    ]);
  });

  it('are unknown for an allowed region that was not scanned', () => {
    const account = makeAccount();
    delete account.regions!['eu-central-1'];
    expect(inEnglish(evaluate(ebsDefaultEncryptionCheck, account))).toEqual({
      status: 'unknown',
      evidence: [{ region: 'eu-central-1', message: 'Region was not scanned' }],
    });
  });

  it('ignore regions that are not allowed', () => {
    const account = makeAccount();
    account.regions!['us-east-1'] = {
      ...region(account),
      ebsEncryptionByDefault: data(false),
    };
    expect(evaluate(ebsDefaultEncryptionCheck, account).status).toBe('pass');
  });

  it('EBS default encryption fails where it is off', () => {
    const account = makeAccount();
    region(account).ebsEncryptionByDefault = data(false);
    expect(
      inEnglish(evaluate(ebsDefaultEncryptionCheck, account).evidence),
    ).toEqual([
      {
        region: 'eu-central-1',
        message: 'EBS encryption by default is disabled',
      },
    ]);
  });

  it('Config needs a recorder recording all supported types', () => {
    const account = makeAccount();
    region(account).config = data({
      recorders: [
        {
          name: 'default',
          allSupported: false,
          includeGlobalResourceTypes: false,
          recording: true,
        },
      ],
    });
    region(account, 'eu-west-1').config = data({ recorders: [] });
    expect(
      evaluate(configRecorderEnabledCheck, account).evidence.map(
        e => e.message,
      ),
    ).toEqual([
      'No AWS Config recorder',
      'Config recorder records only selected resource types',
    ]);
  });

  it('Access Analyzer needs an active external access analyzer', () => {
    const account = makeAccount();
    region(account).accessAnalyzer = data({
      analyzers: [
        { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' },
        { name: 'acct', type: 'ACCOUNT', status: 'CREATING' },
      ],
    });
    expect(
      inEnglish(evaluate(accessAnalyzerEnabledCheck, account).evidence),
    ).toEqual([
      {
        region: 'eu-central-1',
        message:
          'No active external access analyzer (found unused: ACCOUNT_UNUSED_ACCESS ACTIVE, acct: ACCOUNT CREATING)',
      },
    ]);
    region(account).accessAnalyzer = data({
      analyzers: [{ name: 'acct', type: 'ACCOUNT', status: 'ACTIVE' }],
    });
    expect(evaluate(accessAnalyzerEnabledCheck, account).status).toBe('pass');
  });

  it('Security Hub needs the FSBP standard READY', () => {
    const account = makeAccount();
    const hub = region(account).securityHub.data!;
    region(account).securityHub = data({
      ...hub,
      standards: [{ ...hub.standards[0], status: 'INCOMPLETE' }],
    });
    region(account, 'eu-west-1').securityHub = data({
      enabled: false,
      standards: [],
    });
    expect(
      evaluate(securityHubFsbpCheck, account).evidence.map(e => e.message),
    ).toEqual(['Security Hub is not enabled', 'FSBP standard is INCOMPLETE']);
  });

  it('Security Hub without FSBP fails', () => {
    const account = makeAccount();
    region(account).securityHub = data({
      enabled: true,
      standards: [
        {
          standardsArn:
            'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
          subscriptionArn: 'sub',
          status: 'READY',
        },
      ],
    });
    expect(evaluate(securityHubFsbpCheck, account).evidence[0].message).toBe(
      'FSBP standard is not enabled',
    );
  });
});

describe('cloudtrail-multi-region', () => {
  const trail: CloudTrailFacts['trails'][number] = {
    name: 'local',
    arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/local',
    homeRegion: 'eu-west-1',
    isMultiRegion: false,
    isOrganizationTrail: false,
    logFileValidation: true,
    isLogging: true,
  };

  function withTrails(trails: CloudTrailFacts['trails']) {
    const account = makeAccount();
    for (const name of Object.keys(account.regions!)) {
      region(account, name).cloudTrail = data({ trails });
    }
    return account;
  }

  it('passes on the organisation trail seen in the member account', () => {
    expect(
      inEnglish(evaluate(cloudTrailMultiRegionCheck, makeAccount()).evidence),
    ).toEqual([
      {
        region: 'eu-west-1',
        resource: orgTrailArn(),
        message:
          'Organization trail org-trail is multi-region, logging, with log file validation',
      },
    ]);
  });

  it('fails naming what each trail lacks', () => {
    const verdict = evaluate(
      cloudTrailMultiRegionCheck,
      withTrails([
        trail,
        {
          ...trail,
          name: 'multi',
          arn: 'arn:multi',
          isMultiRegion: true,
          logFileValidation: false,
          isLogging: false,
        },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.message)).toEqual([
      'Trail local is not multi-region',
      'Trail multi has log file validation disabled, is not logging',
    ]);
  });

  it('fails when there is no trail at all', () => {
    expect(
      inEnglish(evaluate(cloudTrailMultiRegionCheck, withTrails([])).evidence),
    ).toEqual([{ message: 'No CloudTrail trail is visible in the account' }]);
  });

  it('is unknown when the only candidate trail has an unknown logging status', () => {
    const verdict = evaluate(
      cloudTrailMultiRegionCheck,
      withTrails([{ ...trail, isMultiRegion: true, isLogging: undefined }]),
    );
    expect(verdict.status).toBe('unknown');
  });

  it('needs just one readable region', () => {
    const account = makeAccount();
    region(account).cloudTrail = failed('AccessDenied');
    expect(evaluate(cloudTrailMultiRegionCheck, account).status).toBe('pass');
    region(account, 'eu-west-1').cloudTrail = failed('AccessDenied');
    expect(evaluate(cloudTrailMultiRegionCheck, account).status).toBe(
      'unknown',
    );
  });
});

describe('account-level checks', () => {
  it('IAM user keys are listed per user', () => {
    const account = makeAccount();
    account.global!.iamUsersWithKeys = data([
      { userName: 'ci-bot', accessKeyIds: ['AKIA1', 'AKIA2'] },
    ]);
    expect(inEnglish(evaluate(noIamUserAccessKeysCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          resource: 'ci-bot',
          message: 'IAM user ci-bot has active access keys AKIA1, AKIA2',
        },
      ],
    });
  });

  it('S3 Block Public Access needs a configuration with all four settings', () => {
    const account = makeAccount();
    account.global!.s3PublicAccessBlock = data(null);
    expect(
      inEnglish(evaluate(s3AccountPublicAccessBlockCheck, account)),
    ).toEqual({
      status: 'fail',
      evidence: [
        { message: 'The account has no S3 Block Public Access configuration' },
      ],
    });
    account.global!.s3PublicAccessBlock = data({
      blockPublicAcls: true,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
    expect(
      evaluate(s3AccountPublicAccessBlockCheck, account).evidence.map(
        e => e.message,
      ),
    ).toEqual([
      'S3 Block Public Access ignorePublicAcls is off',
      'S3 Block Public Access restrictPublicBuckets is off',
    ]);
  });

  it('are unknown when global facts were not collected', () => {
    const account = makeAccount();
    delete account.global;
    expect(evaluate(noIamUserAccessKeysCheck, account).status).toBe('unknown');
  });
});

describe('vpc-flow-logs', () => {
  it('lists each VPC without an active flow log', () => {
    const account = makeAccount({
      vpcs: {
        'eu-west-1': [
          makeVpc('vpc-1', '10.0.0.0/16'),
          makeVpc('vpc-2', '10.1.0.0/16', {
            flowLogs: [{ flowLogId: 'fl-2', status: 'FAILED' }],
          }),
        ],
        'eu-central-1': [makeVpc('vpc-3', '10.2.0.0/16', { flowLogs: [] })],
      },
    });
    expect(inEnglish(evaluate(vpcFlowLogsCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region: 'eu-west-1',
          resource: 'vpc-2',
          message: 'VPC has no active flow log',
        },
        {
          region: 'eu-central-1',
          resource: 'vpc-3',
          message: 'VPC has no active flow log',
        },
      ],
    });
  });

  it('passes an account without VPCs', () => {
    expect(inEnglish(evaluate(vpcFlowLogsCheck, makeAccount()))).toEqual({
      status: 'pass',
      evidence: [{ message: 'No VPCs' }],
    });
  });
});
