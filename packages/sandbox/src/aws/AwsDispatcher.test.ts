import { startSandbox, type Sandbox } from '../startSandbox';

/**
 * The wire format itself, without an SDK: what a client that is not the JS SDK
 * (the CLI, another language, curl) depends on.
 */
describe('AWS dispatch on the wire', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  const signed = (service: string, region = 'us-east-1', key = 'AKIAEXAMPLE') =>
    `AWS4-HMAC-SHA256 Credential=${key}/20240101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;

  it('routes by the SigV4 credential scope and answers Query XML in the STS namespace', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: signed('sts'),
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>AIDA\w+<\/UserId><Account>910221622225<\/Account>/,
    );
    expect(text).toMatch(
      /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
  });

  it('takes the region from the scope', async () => {
    const ask = async (region: string) =>
      (
        await fetch(sandbox.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: signed('ec2', region),
          },
          body: 'Action=DescribeVpcs&Version=2016-11-15',
        })
      ).text();
    // The management account has no VPCs; the hub is reached through AssumeRole in other tests.
    expect(await ask('eu-west-1')).toContain('<vpcSet></vpcSet>');
  });

  it('falls back to X-Amz-Target, the Query version and REST paths for unsigned requests', async () => {
    const json = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSOrganizationsV20161128.ListRoots',
      },
      body: '{}',
    });
    expect((await json.json()).Roots[0].Id).toBe('r-f1nt');

    const cloudTrailLong = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target':
          'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails',
      },
      body: '{}',
    });
    // Unsigned means the management account in us-east-1: the org trail's shadow.
    expect(
      (await cloudTrailLong.json()).trailList.map(
        (t: { Name: string }) => t.Name,
      ),
    ).toEqual(['org-trail']);

    const query = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetAccountSummary&Version=2010-05-08',
    });
    expect(await query.text()).toContain(
      '<entry><key>AccountMFAEnabled</key><value>1</value></entry>',
    );

    const rest = await fetch(`${sandbox.url}/detector`);
    expect((await rest.json()).detectorIds).toHaveLength(1);
  });

  it('renders errors in each protocol’s shape', async () => {
    const ec2 = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: signed('ec2'),
      },
      body: 'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1',
    });
    expect(ec2.status).toBe(400);
    expect(await ec2.text()).toMatch(
      /<Response><Errors><Error><Code>InvalidVpcID\.NotFound<\/Code><Message>The vpc ID 'vpc-1' does not exist<\/Message><\/Error><\/Errors><RequestID>/,
    );

    const json = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AWSOrganizationsV20161128.DescribePolicy',
        authorization: signed('organizations'),
      },
      body: '{"PolicyId":"p-missing0"}',
    });
    expect(json.headers.get('x-amzn-errortype')).toBe(
      'PolicyNotFoundException',
    );
    expect(await json.json()).toEqual({
      __type: 'PolicyNotFoundException',
      Message: "We can't find a policy with the PolicyId that you specified.",
    });

    const unknown = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: signed('iam'),
      },
      body: 'Action=DeleteUser&Version=2010-05-08&UserName=x',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'answers UnknownOperationException for X-Amz-Target AWSOrganizationsV20161128.%s, which only Object.prototype has',
    async name => {
      sandbox.resetCounters();
      const res = await fetch(sandbox.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSOrganizationsV20161128.${name}`,
          authorization: signed('organizations'),
        },
        body: '{}',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe(
        'UnknownOperationException',
      );
      expect(await res.json()).toEqual({
        __type: 'UnknownOperationException',
        Message: `The sandbox does not implement ${name}.`,
      });
      // Counted under its own name, without touching Object.prototype.
      const counts = sandbox.counters().services.organizations;
      expect(Object.hasOwn(counts.operations, name)).toBe(true);
      expect(counts.operations[name]).toEqual({
        calls: 1,
        throttled: 0,
        failed: 1,
        hung: 0,
      });
      expect(({} as Record<string, unknown>).calls).toBeUndefined();
    },
  );

  it('says so when it cannot tell the service', async () => {
    const res = await fetch(`${sandbox.url}/nothing-here`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/cannot tell which AWS service/);
  });
});
