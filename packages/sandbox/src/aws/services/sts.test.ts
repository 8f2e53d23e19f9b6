import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  accountId,
  assumeRole,
  clientConfig,
} from '../../__testUtils__/clients';
import { base32Encode } from '../../org/ids';
import { startSandbox, type Sandbox } from '../../startSandbox';

describe('STS', () => {
  let sandbox: Sandbox;
  let sts: STSClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    sts = new STSClient(clientConfig(sandbox));
  });
  afterAll(() => sandbox.close());

  const assume = (account: string, role = 'LandingZoneReadOnly') =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/${role}`,
        RoleSessionName: 'portal-scan',
      }),
    );

  it('knows the management caller', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect([identity.Account, identity.Arn]).toEqual([
      '910221622225',
      'arn:aws:iam::910221622225:user/lz-sandbox-admin',
    ]);
    // Keys the sandbox never issued act as the management account too.
    const other = new STSClient(
      clientConfig(sandbox, 'eu-west-1', {
        accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
        secretAccessKey: 'x',
      }),
    );
    expect((await other.send(new GetCallerIdentityCommand({}))).Account).toBe(
      '910221622225',
    );
  });

  it('issues credentials that later calls are answered with from the target account', async () => {
    const target = accountId(sandbox, 'payments-prod');
    const { Credentials, AssumedRoleUser } = await assume(target);
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]+$/);
    expect(Credentials!.Expiration!.getTime()).toBeGreaterThan(
      Date.now() + 3500_000,
    );
    expect(AssumedRoleUser!.Arn).toBe(
      `arn:aws:sts::${target}:assumed-role/LandingZoneReadOnly/portal-scan`,
    );
    const credentials = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    const identity = await new STSClient(
      clientConfig(sandbox, 'eu-west-1', credentials),
    ).send(new GetCallerIdentityCommand({}));
    expect([
      identity.Account,
      identity.Arn,
      identity.UserId?.endsWith(':portal-scan'),
    ]).toEqual([
      target,
      `arn:aws:sts::${target}:assumed-role/LandingZoneReadOnly/portal-scan`,
      true,
    ]);
    const ec2 = new EC2Client(clientConfig(sandbox, 'eu-west-1', credentials));
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    const expected = sandbox.organization.accounts.find(a => a.id === target)!
      .regions['eu-west-1'].vpcs;
    expect(Vpcs!.map(v => [v.VpcId, v.CidrBlock, v.OwnerId])).toEqual(
      expected.map(v => [v.id, v.cidr, target]),
    );
  });

  it.each([
    [
      'an account whose roles deny the management account',
      'data-lake-prod',
      'LandingZoneReadOnly',
    ],
    ['a SUSPENDED account', 'legacy-billing', 'LandingZoneReadOnly'],
    ['a role the account does not have', 'payments-prod', 'NoSuchRole'],
  ])('answers AccessDenied for %s', async (_what, name, role) => {
    const error = await assume(accountId(sandbox, name), role).catch(e => e);
    expect(error).toBeInstanceOf(STSServiceException);
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      `User: arn:aws:iam::910221622225:user/lz-sandbox-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId(
        sandbox,
        name,
      )}:role/${role}`,
    );
  });

  it('denies accounts named in the faults, switchable at runtime', async () => {
    const target = accountId(sandbox, 'ledger-prod');
    await expect(assume(target)).resolves.toBeDefined();
    sandbox.setFaults({ assumeRoleDenied: [target] });
    try {
      await expect(assume(target)).rejects.toMatchObject({
        name: 'AccessDenied',
      });
      await expect(
        assume(accountId(sandbox, 'cards-prod')),
      ).resolves.toBeDefined();
    } finally {
      sandbox.setFaults({});
    }
    await expect(assume(target)).resolves.toBeDefined();
  });

  it('rejects a malformed role ARN and an unknown issued key', async () => {
    await expect(
      sts.send(
        new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'x1' }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    const credentials = await assumeRole(
      sandbox,
      accountId(sandbox, 'payments-prod'),
    );
    // The sandbox's own key encoding, for an account outside the organisation.
    const forged = {
      ...credentials,
      accessKeyId: `ASIALZ${base32Encode('123123123123:LandingZoneReadOnly')}`,
    };
    await expect(
      new STSClient(clientConfig(sandbox, 'us-east-1', forged)).send(
        new GetCallerIdentityCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });
});
