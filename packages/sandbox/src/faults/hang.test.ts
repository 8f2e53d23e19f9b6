import {
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { accountId, assumeRole, clientConfig } from '../__testUtils__/clients';
import { OrganizationFileError, parseOrganization } from '../org/load';
import { startSandbox, type Sandbox } from '../startSandbox';

/** Gives up on a call after 300 ms, as a scanner with a request timeout would. */
const impatient = () => ({
  requestHandler: new NodeHttpHandler({
    requestTimeout: 300,
    throwOnRequestTimeout: true,
  }),
  maxAttempts: 1,
});

/** Settles a promise into what a test can compare. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (e: Error & { code?: string }) => `${e.name}${e.code ? `/${e.code}` : ''}`,
  );

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met');
    await sleep(10);
  }
}

describe('the hang fault', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.setFaults({});
    sandbox.resetCounters();
  });

  it('leaves a service:Operation unanswered until the SDK times out, while other operations answer', async () => {
    sandbox.setFaults({ hang: { keys: ['ec2:DescribeVpcs'] } });
    const ec2 = new EC2Client({
      ...clientConfig(sandbox, 'eu-west-1'),
      ...impatient(),
    });
    const started = performance.now();
    const hung = await outcome(ec2.send(new DescribeVpcsCommand({})));
    const elapsed = performance.now() - started;
    expect(hung).toBe('TimeoutError/ETIMEDOUT');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);

    // The same client, the same service: another operation is answered.
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map(r => r.RegionName)).toEqual([
      'eu-central-1',
      'eu-west-1',
      'us-east-1',
      'us-west-2',
    ]);

    const counters = sandbox.counters();
    expect(counters.services.ec2.operations).toEqual({
      DescribeVpcs: { calls: 1, throttled: 0, failed: 0, hung: 1 },
      DescribeRegions: { calls: 1, throttled: 0, failed: 0, hung: 0 },
    });
    expect(counters.total).toEqual({
      calls: 2,
      throttled: 0,
      failed: 0,
      hung: 1,
    });
  });

  it('hangs every operation of a service given by name, and the SDK retries the timeouts', async () => {
    sandbox.setFaults({ hang: { keys: ['guardduty'] } });
    const guardduty = new GuardDutyClient({
      ...clientConfig(sandbox, 'eu-west-1'),
      ...impatient(),
      maxAttempts: 2,
    });
    await expect(
      guardduty.send(new ListDetectorsCommand({})),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
      $metadata: { attempts: 2 },
    });
    expect(sandbox.counters().services.guardduty.hung).toBe(2);
    // Other services are untouched.
    const orgs = new OrganizationsClient({
      ...clientConfig(sandbox),
      ...impatient(),
    });
    const roots = await orgs.send(new ListRootsCommand({}));
    expect(roots.Roots?.map(r => r.Id)).toEqual([sandbox.organization.rootId]);
  });

  it('hangs only the calls made with the listed accounts’ credentials', async () => {
    const member = accountId(sandbox, 'payments-prod');
    // Assumed before the fault: AssumeRole is itself an sts call.
    const credentials = await assumeRole(sandbox, member);
    sandbox.setFaults({ hang: { keys: ['sts', 'ec2'], accounts: [member] } });
    sandbox.resetCounters();

    const asMember = new STSClient({
      ...clientConfig(sandbox, 'eu-west-1', credentials),
      ...impatient(),
    });
    const asManagement = new STSClient({
      ...clientConfig(sandbox, 'eu-west-1'),
      ...impatient(),
    });
    expect(
      await Promise.all([
        outcome(asMember.send(new GetCallerIdentityCommand({}))),
        asManagement
          .send(new GetCallerIdentityCommand({}))
          .then(r => r.Account),
      ]),
    ).toEqual([
      'TimeoutError/ETIMEDOUT',
      sandbox.organization.managementAccountId,
    ]);
    expect(sandbox.counters().services.sts).toMatchObject({
      calls: 2,
      hung: 1,
    });
  });

  it('ends a hung call when the caller aborts it', async () => {
    sandbox.setFaults({ hang: { keys: ['ec2:DescribeVpcs'] } });
    const ec2 = new EC2Client(clientConfig(sandbox, 'eu-west-1'));
    const started = performance.now();
    const error = await ec2
      .send(new DescribeVpcsCommand({}), {
        abortSignal: AbortSignal.timeout(300),
      })
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(sandbox.counters().total).toMatchObject({ calls: 1, hung: 1 });
  });

  it('takes precedence over rate limits, and a hung call takes no token', async () => {
    sandbox.setFaults({
      rateLimits: { ec2: { rate: 0.01, burst: 1 } },
      hang: { keys: ['ec2:DescribeVpcs'] },
    });
    const ec2 = new EC2Client({
      ...clientConfig(sandbox, 'eu-west-1'),
      ...impatient(),
    });
    expect(await outcome(ec2.send(new DescribeVpcsCommand({})))).toBe(
      'TimeoutError/ETIMEDOUT',
    );
    // The bucket's one token is still there for this call, and then gone.
    expect(await outcome(ec2.send(new DescribeSubnetsCommand({})))).toBe(
      'answered',
    );
    expect(await outcome(ec2.send(new DescribeSubnetsCommand({})))).toBe(
      'RequestLimitExceeded',
    );
  });

  it('writes nothing at all on the socket, and keeps it open', async () => {
    sandbox.setFaults({ hang: { keys: ['organizations:ListRoots'] } });
    const { port } = new URL(sandbox.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    let ended = false;
    socket.on('data', chunk => {
      received += chunk;
    });
    socket.on('close', () => {
      ended = true;
    });
    const body = '{}';
    socket.write(
      [
        'POST / HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/x-amz-json-1.1',
        'X-Amz-Target: AWSOrganizationsV20161128.ListRoots',
        `Content-Length: ${body.length}`,
        '',
        body,
      ].join('\r\n'),
    );
    await waitFor(() => sandbox.counters().total.hung === 1);
    await sleep(500);
    socket.destroy();
    expect({ received, ended }).toEqual({ received: '', ended: false });
  });

  it('stops promptly with a hung request open, closing its socket', async () => {
    const own = await startSandbox({
      faults: { hang: { keys: ['guardduty'] } },
    });
    // No request timeout: only the sandbox stopping ends this call.
    const pending = new GuardDutyClient({
      ...clientConfig(own, 'eu-west-1'),
      maxAttempts: 1,
    })
      .send(new ListDetectorsCommand({}))
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    await waitFor(() => own.counters().total.hung === 1);
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1000);
    // The client sees the connection drop instead of an answer.
    expect(await pending).toMatch(/socket hang up|ECONNRESET/);
  });

  it('takes the hang fault from the organisation file', async () => {
    const yaml = `
organization: { id: o-hangfile000, rootId: r-hang, managementAccount: '111111111111', regions: [eu-west-1] }
defaults: { roles: [LandingZoneReadOnly] }
accounts:
  - { id: '111111111111', name: management }
faults:
  hang: { keys: ['sts:GetCallerIdentity'], accounts: ['111111111111'] }
`;
    const fromFile = await startSandbox({
      org: parseOrganization(yaml, 'hang.yaml'),
    });
    try {
      expect(
        await (await fetch(`${fromFile.url}/_sandbox/faults`)).json(),
      ).toEqual({
        hang: { keys: ['sts:GetCallerIdentity'], accounts: ['111111111111'] },
      });
      const sts = new STSClient({
        ...clientConfig(fromFile),
        ...impatient(),
      });
      expect(await outcome(sts.send(new GetCallerIdentityCommand({})))).toBe(
        'TimeoutError/ETIMEDOUT',
      );
    } finally {
      await fromFile.close();
    }
    let thrown: unknown;
    try {
      parseOrganization(
        yaml.replace("keys: ['sts:GetCallerIdentity']", "keys: ['st']"),
        'hang.yaml',
      );
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(OrganizationFileError);
    expect((thrown as OrganizationFileError).issues).toEqual([
      {
        path: 'faults.hang.keys[0]',
        message: expect.stringMatching(/^unknown service "st" \(known: /),
      },
    ]);
  });

  it('is set and read over HTTP, and bad keys and accounts are refused', async () => {
    const post = (body: unknown) =>
      fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const faults = {
      hang: {
        keys: ['ec2:DescribeVpcs', 'guardduty'],
        accounts: ['914736720336'],
      },
    };
    const set = await post(faults);
    expect([set.status, await set.json()]).toEqual([200, faults]);

    const bad = await post({
      hang: {
        keys: ['guard-duty', 'ec2:DescribeVPCs', 'EC2'],
        accounts: ['42'],
        services: ['ec2'],
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([
      {
        path: 'hang.keys[0]',
        message: expect.stringMatching(
          /^unknown service "guard-duty" \(known: organizations, sts, ec2, iam, guardduty,/,
        ),
      },
      {
        path: 'hang.keys[1]',
        message: expect.stringMatching(
          /^ec2 has no operation "DescribeVPCs" \(known: DescribeRegions, DescribeVpcs,/,
        ),
      },
      {
        path: 'hang.keys[2]',
        message: expect.stringMatching(
          /^expected a key like "ec2" or "ec2:DescribeVpcs"/,
        ),
      },
      {
        path: 'hang.accounts[0]',
        message: expect.stringMatching(/^expected a 12-digit account id/),
      },
      { path: 'hang', message: 'Unrecognized key: "services"' },
    ]);
    const empty = await post({ hang: { keys: [], accounts: [] } });
    expect((await empty.json()).issues).toEqual([
      {
        path: 'hang.keys',
        message: 'expected at least one service or service:Operation',
      },
      {
        path: 'hang.accounts',
        message:
          'expected at least one account id (leave accounts out to hang every caller)',
      },
    ]);
    // Rejected bodies leave the faults as they were.
    expect(
      await (await fetch(`${sandbox.url}/_sandbox/faults`)).json(),
    ).toEqual(faults);

    // setFaults validates with the same schema, and throws its ZodError.
    let thrown: { issues?: unknown } | undefined;
    try {
      sandbox.setFaults({ hang: { keys: ['ec2:DescribeVPCs'] } });
    } catch (e) {
      thrown = e as { issues?: unknown };
    }
    expect(thrown?.issues).toMatchObject([
      {
        path: ['hang', 'keys', 0],
        message: expect.stringMatching(/^ec2 has no operation "DescribeVPCs"/),
      },
    ]);
    expect(sandbox.counters().total.calls).toBe(0);
  });
});
