import {
  AccessAnalyzerClient,
  ListAnalyzersCommand,
} from '@aws-sdk/client-accessanalyzer';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  BadRequestException,
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  GetPublicAccessBlockCommand,
  NoSuchPublicAccessBlockConfiguration,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  DescribeHubCommand,
  GetEnabledStandardsCommand,
  InvalidAccessException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  accountId,
  assumeRole,
  clientConfig,
  type Credentials,
} from '../../__testUtils__/clients';
import { startSandbox, type Sandbox } from '../../startSandbox';

describe('regional security services and S3 Control', () => {
  let sandbox: Sandbox;
  const credentials = new Map<string, Credentials>();

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  async function config(name: string, region = 'eu-west-1') {
    if (!credentials.has(name)) {
      credentials.set(
        name,
        await assumeRole(sandbox, accountId(sandbox, name)),
      );
    }
    return clientConfig(sandbox, region, credentials.get(name));
  }

  it('GuardDuty: a detector per region, DISABLED where the fault is', async () => {
    const detectorFor = async (region: string) => {
      const client = new GuardDutyClient(await config('cards-prod', region));
      const { DetectorIds } = await client.send(new ListDetectorsCommand({}));
      expect(DetectorIds).toHaveLength(1);
      return client.send(
        new GetDetectorCommand({ DetectorId: DetectorIds![0] }),
      );
    };
    expect((await detectorFor('eu-west-1')).Status).toBe('ENABLED');
    const disabled = await detectorFor('eu-central-1');
    expect(disabled.Status).toBe('DISABLED');
    expect(disabled.ServiceRole).toBe(
      `arn:aws:iam::${accountId(
        sandbox,
        'cards-prod',
      )}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
    );
    // Outside the operating regions nothing was ever enabled.
    const elsewhere = new GuardDutyClient(
      await config('cards-prod', 'ap-south-1'),
    );
    expect(
      (await elsewhere.send(new ListDetectorsCommand({}))).DetectorIds,
    ).toEqual([]);
    await expect(
      elsewhere.send(
        new GetDetectorCommand({
          DetectorId: '0123456789abcdef0123456789abcdef',
        }),
      ),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  it('CloudTrail: the organisation trail, multi-region, validated and logging', async () => {
    const client = new CloudTrailClient(
      await config('payments-prod', 'us-west-2'),
    );
    const { trailList } = await client.send(new DescribeTrailsCommand({}));
    expect(trailList).toEqual([
      {
        Name: 'org-trail',
        S3BucketName: 'aws-cloudtrail-logs-668447850718-org',
        IncludeGlobalServiceEvents: true,
        IsMultiRegionTrail: true,
        HomeRegion: 'eu-west-1',
        TrailARN: 'arn:aws:cloudtrail:eu-west-1:910221622225:trail/org-trail',
        LogFileValidationEnabled: true,
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: true,
      },
    ]);
    const status = await client.send(
      new GetTrailStatusCommand({ Name: trailList![0].TrailARN }),
    );
    expect(status.IsLogging).toBe(true);
    await expect(
      client.send(new GetTrailStatusCommand({ Name: 'nope' })),
    ).rejects.toBeInstanceOf(TrailNotFoundException);
    const homeOnly = await client.send(
      new DescribeTrailsCommand({ includeShadowTrails: false }),
    );
    expect(homeOnly.trailList).toEqual([]);
  });

  it('Config: the recorder and its status, stopped where the fault is', async () => {
    const statusOf = async (name: string) => {
      const client = new ConfigServiceClient(await config(name));
      const { ConfigurationRecorders } = await client.send(
        new DescribeConfigurationRecordersCommand({}),
      );
      expect(
        ConfigurationRecorders!.map(r => [
          r.name,
          r.recordingGroup?.allSupported,
        ]),
      ).toEqual([['default', true]]);
      const { ConfigurationRecordersStatus } = await client.send(
        new DescribeConfigurationRecorderStatusCommand({}),
      );
      return ConfigurationRecordersStatus!.map(s => [
        s.name,
        s.recording,
        s.lastStatus,
      ]);
    };
    expect(await statusOf('cards-prod')).toEqual([
      ['default', true, 'SUCCESS'],
    ]);
    expect(await statusOf('cards-staging')).toEqual([
      ['default', false, 'PENDING'],
    ]);
  });

  it('Security Hub: the hub and FSBP, InvalidAccessException where it is off', async () => {
    const client = new SecurityHubClient(await config('payments-prod'));
    const hub = await client.send(new DescribeHubCommand({}));
    expect(hub.HubArn).toBe(
      `arn:aws:securityhub:eu-west-1:${accountId(
        sandbox,
        'payments-prod',
      )}:hub/default`,
    );
    const { StandardsSubscriptions } = await client.send(
      new GetEnabledStandardsCommand({}),
    );
    expect(
      StandardsSubscriptions!.map(s => [s.StandardsArn, s.StandardsStatus]),
    ).toEqual([
      [
        'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
        'READY',
      ],
    ]);
    const off = new SecurityHubClient(await config('ledger-qa'));
    const error = await off.send(new DescribeHubCommand({})).catch(e => e);
    expect(error).toBeInstanceOf(InvalidAccessException);
    expect(error.$metadata.httpStatusCode).toBe(401);
    expect(error.message).toBe(
      `Account ${accountId(
        sandbox,
        'ledger-qa',
      )} is not subscribed to AWS Security Hub`,
    );
    await expect(
      off.send(new GetEnabledStandardsCommand({})),
    ).rejects.toBeInstanceOf(InvalidAccessException);
    // The same account's other region has a hub.
    const euc1 = new SecurityHubClient(
      await config('ledger-qa', 'eu-central-1'),
    );
    await expect(euc1.send(new DescribeHubCommand({}))).resolves.toMatchObject({
      AutoEnableControls: true,
    });
  });

  it('Access Analyzer: an account analyzer per region', async () => {
    const client = new AccessAnalyzerClient(
      await config('payments-prod', 'us-east-1'),
    );
    const { analyzers } = await client.send(new ListAnalyzersCommand({}));
    expect(
      analyzers!.map(a => [a.name, a.type, a.status, a.createdAt]),
    ).toEqual([
      [
        'account-analyzer',
        'ACCOUNT',
        'ACTIVE',
        new Date('2021-03-01T10:00:00Z'),
      ],
    ]);
    const org = await client.send(
      new ListAnalyzersCommand({ type: 'ORGANIZATION' }),
    );
    expect(org.analyzers).toEqual([]);
  });

  describe('S3 Control', () => {
    const s3control = async (name: string) =>
      new S3ControlClient({
        ...(await config(name)),
        // The account-id host prefix comes from S3 Control's endpoint rules, so a fixed
        // endpoint provider is what keeps the request on the sandbox's host.
        endpointProvider: () => ({ url: new URL(sandbox.url) }),
      });

    it('answers the account’s Block Public Access settings', async () => {
      const client = await s3control('payments-prod');
      const { PublicAccessBlockConfiguration } = await client.send(
        new GetPublicAccessBlockCommand({
          AccountId: accountId(sandbox, 'payments-prod'),
        }),
      );
      expect(PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
    });

    it('answers NoSuchPublicAccessBlockConfiguration where none is configured', async () => {
      const client = await s3control('analytics-qa');
      const error = await client
        .send(
          new GetPublicAccessBlockCommand({
            AccountId: accountId(sandbox, 'analytics-qa'),
          }),
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(NoSuchPublicAccessBlockConfiguration);
      expect(error.$metadata.httpStatusCode).toBe(404);
    });

    it('refuses another account’s id', async () => {
      const client = await s3control('payments-prod');
      await expect(
        client.send(
          new GetPublicAccessBlockCommand({
            AccountId: accountId(sandbox, 'analytics-qa'),
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
    });

    it('fails with disableHostPrefix alone: the prefix is not a host-prefix trait in this SDK', async () => {
      const client = new S3ControlClient({
        ...(await config('payments-prod')),
        disableHostPrefix: true,
      });
      // The SDK logs the URL it failed to build before throwing.
      const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
      try {
        await expect(
          client.send(
            new GetPublicAccessBlockCommand({
              AccountId: accountId(sandbox, 'payments-prod'),
            }),
          ),
        ).rejects.toThrow(/Invalid URL/);
        expect(String(logged.mock.calls[0]?.[0])).toContain(
          `http://${accountId(sandbox, 'payments-prod')}.127.0.0.1:`,
        );
      } finally {
        logged.mockRestore();
      }
    });
  });
});
