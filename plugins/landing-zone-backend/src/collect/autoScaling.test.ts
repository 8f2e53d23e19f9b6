import type { Account } from '@internal/sandbox';
import { readAutoScalingGroups } from './autoScaling';
import {
  denyCommands,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

jest.setTimeout(120_000);

const anyTime = expect.any(String);

const REGION = 'eu-west-1';

describe('readAutoScalingGroups against the sandbox', () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  async function client() {
    return env.clients.autoscaling(REGION, await env.member(account.id));
  }

  it('reads each group with its lifetime, latest instance refresh, scheduled actions and instances', async () => {
    const seeded = account.regions[REGION].autoScalingGroups;
    const started = Date.now();

    const { autoScalingGroups } = await readAutoScalingGroups(await client());

    expect(autoScalingGroups.data).toEqual(
      seeded.map(g => ({
        autoScalingGroupName: g.name,
        maxInstanceLifetime: g.maxInstanceLifetime,
        lastInstanceRefresh: g.instanceRefreshes[0] && {
          status: g.instanceRefreshes[0].status,
          startTime: anyTime,
          endTime: anyTime,
        },
        scheduledActions: g.scheduledActions.map(a => ({
          name: a.name,
          recurrence: a.recurrence,
          startTime: expect.any(String),
        })),
        instanceIds: g.instanceIds,
      })),
    );
    // Each of the three ways a group rotates, or not, is seeded.
    const [web, batch, idle] = autoScalingGroups.data!;
    expect(web.lastInstanceRefresh?.status).toBe('Successful');
    expect(web.scheduledActions).toHaveLength(1);
    expect(batch.maxInstanceLifetime).toBe(14 * 86_400);
    expect(idle).toMatchObject({
      lastInstanceRefresh: undefined,
      scheduledActions: [],
      instanceIds: [],
    });
    const refresh = seeded[0].instanceRefreshes[0];
    expect(Date.parse(web.lastInstanceRefresh!.startTime!)).toBeLessThanOrEqual(
      started - refresh.startedMinutesAgo * 60_000 + 1_000,
    );
  });

  it("records a denied refresh read as the fact's error, named by its operation", async () => {
    const denied = denyCommands(
      await client(),
      ['DescribeInstanceRefreshesCommand'],
      'AccessDenied',
    );

    const { autoScalingGroups } = await readAutoScalingGroups(denied);

    expect(autoScalingGroups).toEqual({
      error: expect.objectContaining({
        code: 'AccessDenied',
        operation: 'autoscaling:DescribeInstanceRefreshes',
      }),
      collectedAt: expect.any(String),
    });
  });

  it("records a denied group list as the fact's error", async () => {
    const denied = denyCommands(
      await client(),
      ['DescribeAutoScalingGroupsCommand'],
      'AccessDenied',
    );

    const { autoScalingGroups } = await readAutoScalingGroups(denied);

    expect(autoScalingGroups.error).toMatchObject({
      code: 'AccessDenied',
      operation: 'autoscaling:DescribeAutoScalingGroups',
    });
  });
});
