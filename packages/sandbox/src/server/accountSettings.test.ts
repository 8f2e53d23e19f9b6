import {
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import {
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetPublicAccessBlockCommand,
  NoSuchPublicAccessBlockConfiguration,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  assumeRole,
  clientConfig,
  type Credentials,
} from '../__testUtils__/clients';
import { startSandbox, type Sandbox } from '../startSandbox';

const ANALYTICS_QA = '278565808499';
const CARDS_PROD = '756163449514';

describe('admin: break and mend guardrails at runtime', () => {
  let sandbox: Sandbox;
  const credentials = new Map<string, Credentials>();

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  async function config(account: string, region = 'eu-west-1') {
    if (!credentials.has(account)) {
      credentials.set(account, await assumeRole(sandbox, account));
    }
    return clientConfig(sandbox, region, credentials.get(account));
  }

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  async function ebsDefault(account: string, region: string) {
    const ec2 = new EC2Client(await config(account, region));
    return (await ec2.send(new GetEbsEncryptionByDefaultCommand({})))
      .EbsEncryptionByDefault;
  }

  it('breaks and mends EBS encryption by default in one account-region', async () => {
    expect(await ebsDefault(ANALYTICS_QA, 'eu-west-1')).toBe(true);

    const broken = await call(
      'PATCH',
      `accounts/${ANALYTICS_QA}/regions/eu-west-1`,
      { ebsEncryptionByDefault: false },
    );
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({
      accountId: ANALYTICS_QA,
      region: 'eu-west-1',
      ebsEncryptionByDefault: false,
      guardDuty: 'ENABLED',
    });
    expect(await ebsDefault(ANALYTICS_QA, 'eu-west-1')).toBe(false);
    // The other region and the account's other settings are untouched.
    expect(await ebsDefault(ANALYTICS_QA, 'eu-central-1')).toBe(true);
    const read = await call('GET', `accounts/${ANALYTICS_QA}`);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('analytics-qa');
    expect(read.body.regions['eu-west-1'].ebsEncryptionByDefault).toBe(false);
    expect(read.body.regions['eu-central-1'].ebsEncryptionByDefault).toBe(true);

    const mended = await call(
      'PATCH',
      `accounts/${ANALYTICS_QA}/regions/eu-west-1`,
      { ebsEncryptionByDefault: true },
    );
    expect(mended.status).toBe(200);
    expect(await ebsDefault(ANALYTICS_QA, 'eu-west-1')).toBe(true);
  });

  it('mends and breaks GuardDuty, keeping the detector id', async () => {
    const guardDuty = new GuardDutyClient(
      await config(CARDS_PROD, 'eu-central-1'),
    );
    const { DetectorIds } = await guardDuty.send(new ListDetectorsCommand({}));
    const detector = () =>
      guardDuty.send(new GetDetectorCommand({ DetectorId: DetectorIds![0] }));
    expect((await detector()).Status).toBe('DISABLED');

    const path = `accounts/${CARDS_PROD}/regions/eu-central-1`;
    expect(
      (await call('PATCH', path, { guardDuty: 'ENABLED' })).body.guardDuty,
    ).toBe('ENABLED');
    expect((await detector()).Status).toBe('ENABLED');

    await call('PATCH', path, { guardDuty: 'NONE' });
    expect(
      (await guardDuty.send(new ListDetectorsCommand({}))).DetectorIds,
    ).toEqual([]);

    await call('PATCH', path, { guardDuty: 'DISABLED' });
    expect(
      (await guardDuty.send(new ListDetectorsCommand({}))).DetectorIds,
    ).toEqual(DetectorIds);
    expect((await detector()).Status).toBe('DISABLED');
  });

  it('changes account-level settings: S3 Block Public Access and root MFA', async () => {
    const s3control = new S3ControlClient({
      ...(await config(ANALYTICS_QA)),
      // S3 Control's endpoint rules put the account id in the host; stay on the sandbox.
      endpointProvider: () => ({ url: new URL(sandbox.url) }),
    });
    const bpa = () =>
      s3control.send(
        new GetPublicAccessBlockCommand({ AccountId: ANALYTICS_QA }),
      );
    await expect(bpa()).rejects.toBeInstanceOf(
      NoSuchPublicAccessBlockConfiguration,
    );
    const allOn = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    const mended = await call('PATCH', `accounts/${ANALYTICS_QA}`, {
      s3PublicAccessBlock: allOn,
      rootMfa: false,
    });
    expect(mended.status).toBe(200);
    expect(mended.body).toMatchObject({
      s3PublicAccessBlock: allOn,
      rootMfa: false,
    });
    expect(
      (await bpa()).PublicAccessBlockConfiguration?.RestrictPublicBuckets,
    ).toBe(true);
    const iam = new IAMClient(await config(ANALYTICS_QA, 'us-east-1'));
    expect(
      (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap
        ?.AccountMFAEnabled,
    ).toBe(0);

    await call('PATCH', `accounts/${ANALYTICS_QA}`, {
      s3PublicAccessBlock: 'NONE',
      rootMfa: true,
    });
    await expect(bpa()).rejects.toBeInstanceOf(
      NoSuchPublicAccessBlockConfiguration,
    );
    expect(
      (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap
        ?.AccountMFAEnabled,
    ).toBe(1);
  });

  it('removes and gives back root credentials', async () => {
    const FRAUD_PROD = '512984451320';
    const iam = new IAMClient(await config(FRAUD_PROD, 'us-east-1'));
    const summary = async () =>
      (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(await summary()).toMatchObject({
      AccountPasswordPresent: 1,
      AccountMFAEnabled: 1,
    });
    const removed = await call('PATCH', `accounts/${FRAUD_PROD}`, {
      rootCredentials: false,
    });
    expect(removed.body).toMatchObject({
      rootCredentials: false,
      rootMfa: false,
    });
    expect(await summary()).toMatchObject({
      AccountPasswordPresent: 0,
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 0,
      AccountSigningCertificatesPresent: 0,
    });
    const back = await call('PATCH', `accounts/${FRAUD_PROD}`, {
      rootCredentials: true,
      rootMfa: 'virtual',
    });
    expect(back.body).toMatchObject({
      rootCredentials: true,
      rootMfa: 'virtual',
    });
    expect(await summary()).toMatchObject({
      AccountPasswordPresent: 1,
      AccountMFAEnabled: 1,
    });
  });

  it('answers 400 with issues for an invalid body, changing nothing', async () => {
    const path = `accounts/${ANALYTICS_QA}/regions/eu-west-1`;
    const bad = await call('PATCH', path, {
      ebsEncryptionByDefault: 'yes',
      guardDuty: 'ON',
      flowLogz: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Invalid region settings');
    const paths = bad.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['ebsEncryptionByDefault', 'guardDuty']),
    );
    for (const issue of bad.body.issues) {
      expect(typeof issue.message).toBe('string');
    }
    const twoAccountAnalyzers = await call('PATCH', path, {
      accessAnalyzer: [{ name: 'a' }, { name: 'b' }],
    });
    expect(twoAccountAnalyzers.status).toBe(400);
    expect(twoAccountAnalyzers.body.issues[0].path).toBe('accessAnalyzer');
    expect((await call('GET', path)).body.accessAnalyzer).toHaveLength(1);

    const badAccount = await call('PATCH', `accounts/${ANALYTICS_QA}`, {
      rootMfa: 'nope',
    });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.issues[0].path).toBe('rootMfa');

    const notJson = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method: 'PATCH',
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect(await ebsDefault(ANALYTICS_QA, 'eu-west-1')).toBe(true);
  });

  it('answers 404 for an unknown account or region', async () => {
    expect(
      (
        await call('PATCH', 'accounts/000000000000/regions/eu-west-1', {
          ebsEncryptionByDefault: false,
        })
      ).status,
    ).toBe(404);
    expect((await call('GET', 'accounts/000000000000')).status).toBe(404);
    expect(
      (
        await call('PATCH', `accounts/${ANALYTICS_QA}/regions/ap-south-1`, {
          ebsEncryptionByDefault: false,
        })
      ).status,
    ).toBe(404);
  });
});
