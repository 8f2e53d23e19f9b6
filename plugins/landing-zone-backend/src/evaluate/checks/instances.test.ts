import {
  type AccountFacts,
  type AutoScalingGroup,
  defaultGuardrailSettings,
  type Ec2Instance,
} from '@internal/plugin-landing-zone-common';
import {
  collectedAt,
  data,
  failed,
  inEnglish,
  makeAccount,
  makeContext,
} from '../fixtures';
import { ec2InstanceRotationCheck, rotates } from './instances';

const region = 'eu-west-1';
const other = 'eu-central-1';
const dayMs = 24 * 60 * 60 * 1000;
const now = Date.parse(collectedAt);

/** The ISO time `days` (and `ms`) before the facts were collected. */
const ago = (days: number, ms = 0) =>
  new Date(now - days * dayMs - ms).toISOString();

const instance = (
  instanceId: string,
  launchedDaysAgo: number,
  overrides: Partial<Ec2Instance> = {},
): Ec2Instance => ({
  instanceId,
  launchTime: ago(launchedDaysAgo),
  ...overrides,
});

const group = (
  name: string,
  overrides: Partial<AutoScalingGroup> = {},
): AutoScalingGroup => ({
  autoScalingGroupName: name,
  scheduledActions: [],
  instanceIds: [],
  ...overrides,
});

function withInstances(
  instances: Ec2Instance[],
  groups: AutoScalingGroup[] = [],
): AccountFacts {
  const account = makeAccount();
  account.regions![region].instances = data(instances);
  account.regions![region].autoScalingGroups = data(groups);
  return account;
}

const evaluate = (account: AccountFacts, instanceMaxAgeDays = 30) =>
  ec2InstanceRotationCheck.evaluate({
    ...makeContext(account),
    settings: { ...defaultGuardrailSettings, instanceMaxAgeDays },
  });

const messages = (verdict: { evidence: { message: string }[] }) =>
  inEnglish(verdict).evidence.map(e => e.message);

describe('rotates', () => {
  const maxAge = 30 * dayMs;

  it('counts a maximum instance lifetime within the age, not a longer one', () => {
    expect(
      rotates(group('g', { maxInstanceLifetime: 30 * 86400 }), now, maxAge),
    ).toBe(true);
    expect(
      rotates(group('g', { maxInstanceLifetime: 30 * 86400 + 1 }), now, maxAge),
    ).toBe(false);
    expect(rotates(group('g', { maxInstanceLifetime: 0 }), now, maxAge)).toBe(
      false,
    );
  });

  it('counts an instance refresh that succeeded or runs, started within the age', () => {
    const refresh = (status: string, startTime?: string) =>
      rotates(
        group('g', { lastInstanceRefresh: { status, startTime } }),
        now,
        maxAge,
      );
    expect(refresh('Successful', ago(30))).toBe(true);
    expect(refresh('InProgress', ago(1))).toBe(true);
    expect(refresh('Successful', ago(30, 1))).toBe(false);
    expect(refresh('Failed', ago(1))).toBe(false);
    expect(refresh('Cancelled', ago(1))).toBe(false);
    expect(refresh('Successful')).toBe(false);
  });

  it('counts a recurring scheduled action, not a one-off one', () => {
    expect(
      rotates(
        group('g', {
          scheduledActions: [{ name: 'nightly', recurrence: '0 3 * * *' }],
        }),
        now,
        maxAge,
      ),
    ).toBe(true);
    expect(
      rotates(
        group('g', {
          scheduledActions: [{ name: 'once', startTime: ago(40) }],
        }),
        now,
        maxAge,
      ),
    ).toBe(false);
  });
});

describe('ec2-instance-rotation', () => {
  it('passes without instances, saying so', () => {
    expect(inEnglish(evaluate(makeAccount()))).toEqual({
      status: 'pass',
      evidence: [{ message: 'No running EC2 instances' }],
    });
  });

  it('passes an instance exactly the maximum age old, fails one a millisecond older', () => {
    const young = withInstances([
      { instanceId: 'i-edge', launchTime: ago(30) },
      instance('i-new', 1),
    ]);
    expect(inEnglish(evaluate(young))).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            '2 running instance(s): none is older than 30 days outside an Auto Scaling group that rotates',
        },
      ],
    });
    const old = withInstances([
      { instanceId: 'i-edge', launchTime: ago(30, 1), name: 'bastion' },
    ]);
    const verdict = evaluate(old);
    expect(inEnglish(verdict)).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'i-edge',
          message: `Instance i-edge (bastion) was launched at ${ago(
            30,
            1,
          )}, 30 days ago (the limit is 30 days)`,
        },
      ],
    });
    expect(verdict.evidence[0].params).toEqual({
      'instance.code': 'instance.named',
      'instance.instanceId': 'i-edge',
      'instance.name': 'bastion',
      launchTime: ago(30, 1),
      age: 30,
      days: 30,
    });
  });

  it('reads the configured age', () => {
    const account = withInstances([instance('i-week', 8)]);
    expect(evaluate(account, 30).status).toBe('pass');
    expect(evaluate(account, 7).status).toBe('fail');
  });

  it('spares old instances of a rotating group, not of a group that does not rotate or is not listed', () => {
    const account = withInstances(
      [
        instance('i-lifetime', 90, { autoScalingGroupName: 'lifetime' }),
        instance('i-refreshed', 90, { autoScalingGroupName: 'refreshed' }),
        instance('i-scheduled', 90, { autoScalingGroupName: 'scheduled' }),
        instance('i-static', 60, { autoScalingGroupName: 'static' }),
        instance('i-gone', 45, { autoScalingGroupName: 'gone' }),
      ],
      [
        group('lifetime', { maxInstanceLifetime: 7 * 86400 }),
        group('refreshed', {
          lastInstanceRefresh: { status: 'Successful', startTime: ago(3) },
        }),
        group('scheduled', {
          scheduledActions: [{ name: 'weekly', recurrence: '0 3 * * 0' }],
        }),
        group('static', {
          maxInstanceLifetime: 90 * 86400,
          lastInstanceRefresh: { status: 'Successful', startTime: ago(45) },
        }),
      ],
    );
    expect(messages(evaluate(account))).toEqual([
      `Instance i-static was launched at ${ago(
        60,
      )}, 60 days ago (the limit is 30 days); its Auto Scaling group static does not rotate`,
      `Instance i-gone was launched at ${ago(
        45,
      )}, 45 days ago (the limit is 30 days); its Auto Scaling group gone does not rotate`,
    ]);
  });

  it('lists the oldest five across regions, oldest first, and counts the rest', () => {
    const account = withInstances(
      [10, 200, 40, 35, 90, 31].map((days, i) => instance(`i-${i}`, days)),
    );
    account.regions![other].instances = data([instance('i-far', 120)]);
    const verdict = evaluate(account);
    expect(verdict.status).toBe('fail');
    expect(
      verdict.evidence.map(e => [e.region, e.resource, e.params?.age]),
    ).toEqual([
      [region, 'i-1', 200],
      [other, 'i-far', 120],
      [region, 'i-4', 90],
      [region, 'i-2', 40],
      [region, 'i-3', 35],
      [undefined, undefined, undefined],
    ]);
    expect(messages(verdict).at(-1)).toBe(
      '…and 1 more instances older than 30 days (6 in all)',
    );
  });

  it('is unknown for an old instance whose group could not be read, failing still for others', () => {
    const account = withInstances([
      instance('i-grouped', 50, { autoScalingGroupName: 'web' }),
    ]);
    account.regions![region].autoScalingGroups = failed(
      'AccessDenied',
      'autoscaling:DescribeAutoScalingGroups',
    );
    expect(inEnglish(evaluate(account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          resource: 'i-grouped',
          message: `Instance i-grouped was launched at ${ago(
            50,
          )}, 50 days ago; whether its Auto Scaling group web rotates is not known: autoscaling:DescribeAutoScalingGroups: AccessDenied: AccessDenied (test)`,
        },
      ],
    });
    delete account.regions![region].autoScalingGroups;
    account.regions![region].instances!.data!.push(instance('i-alone', 50));
    const verdict = evaluate(account);
    expect(verdict.status).toBe('fail');
    expect(messages(verdict)).toEqual([
      `Instance i-alone was launched at ${ago(
        50,
      )}, 50 days ago (the limit is 30 days)`,
      `Instance i-grouped was launched at ${ago(
        50,
      )}, 50 days ago; whether its Auto Scaling group web rotates is not known: Auto Scaling groups was not collected (facts from before the portal read it)`,
    ]);
  });

  it('does not need the groups when no old instance names one', () => {
    const account = withInstances([
      instance('i-new', 2, { autoScalingGroupName: 'web' }),
    ]);
    delete account.regions![region].autoScalingGroups;
    expect(evaluate(account).status).toBe('pass');
  });

  it('is unknown when the instances were not collected or could not be read', () => {
    const account = makeAccount();
    delete account.regions![region].instances;
    account.regions![other].instances = failed('UnauthorizedOperation');
    expect(inEnglish(evaluate(account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          message:
            'EC2 instances was not collected (facts from before the portal read it)',
        },
        {
          region: other,
          message: 'UnauthorizedOperation: UnauthorizedOperation (test)',
        },
      ],
    });
  });

  it('measures age from when the instances were read, not the account scan', () => {
    const account = withInstances([instance('i-1', 20)]);
    account.collectedAt = new Date(now + 60 * dayMs).toISOString();
    expect(evaluate(account).status).toBe('pass');
    account.regions![region].instances = {
      ...account.regions![region].instances!,
      collectedAt: new Date(now + 15 * dayMs).toISOString(),
    };
    expect(evaluate(account).status).toBe('fail');
  });
});
