/*
 * Instances rotated: no running EC2 instance older than the configured age,
 * unless an Auto Scaling group that rotates its instances runs it. "Now" is
 * when the instances were read, never the clock.
 */

import {
  type AutoScalingGroup,
  type CheckContext,
  defaultGuardrailSettings,
  type Ec2Instance,
  type GuardrailCheck,
  guardrailIds,
  type GuardrailEvidence,
  type GuardrailVerdict,
} from '@internal/plugin-landing-zone-common';
import {
  accessVerdict,
  definitionOf,
  emptyFindings,
  errorText,
  forEachRegion,
  notCollected,
  said,
  type Said,
  verdictOf,
} from './common';

const dayMs = 24 * 60 * 60 * 1000;

/** The oldest instances the evidence names; the others are counted. */
export const listedInstances = 5;

const refreshing = ['Successful', 'InProgress'];

/**
 * Whether the group replaces its instances within `maxAgeMs` of `now`: a
 * maximum instance lifetime no longer than the age, an instance refresh
 * that succeeded or runs and started within the age, or a recurring
 * scheduled action.
 */
export function rotates(
  group: AutoScalingGroup,
  now: number,
  maxAgeMs: number,
): boolean {
  const lifetime = group.maxInstanceLifetime;
  if (lifetime !== undefined && lifetime > 0 && lifetime * 1000 <= maxAgeMs) {
    return true;
  }
  const refresh = group.lastInstanceRefresh;
  if (
    refresh &&
    refreshing.includes(refresh.status) &&
    refresh.startTime &&
    now - Date.parse(refresh.startTime) <= maxAgeMs
  ) {
    return true;
  }
  return group.scheduledActions.some(action => Boolean(action.recurrence));
}

const instanceText = (instance: Ec2Instance): Said =>
  instance.name
    ? said('instance.named', {
        instanceId: instance.instanceId,
        name: instance.name,
      })
    : said('instance.id', { instanceId: instance.instanceId });

type Old = {
  instance: Ec2Instance;
  region: string;
  age: number;
  /** How it is judged: failing, or unknown for this reason. */
  evidence: (days: number) => Said;
  unknown: boolean;
};

function evaluateRotation(context: CheckContext): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) return denied;
  const days = (context.settings ?? defaultGuardrailSettings)
    .instanceMaxAgeDays;
  const maxAgeMs = days * dayMs;
  const findings = emptyFindings();
  const old: Old[] = [];
  let running = 0;
  forEachRegion(
    context,
    findings,
    facts => facts.instances,
    (instances, region) => {
      const facts = context.account.regions![region];
      const now = Date.parse(facts.instances!.collectedAt);
      const groups = facts.autoScalingGroups;
      running += instances.length;
      for (const instance of instances) {
        const ageMs = now - Date.parse(instance.launchTime);
        if (!(ageMs > maxAgeMs)) continue;
        const values = {
          instance: instanceText(instance),
          launchTime: instance.launchTime,
          age: Math.floor(ageMs / dayMs),
        };
        const groupName = instance.autoScalingGroupName;
        const entry = { instance, region, age: ageMs, unknown: false };
        if (!groupName) {
          old.push({
            ...entry,
            evidence: limit =>
              said('instances.old', { ...values, days: limit }),
          });
          continue;
        }
        if (!groups || groups.error) {
          const reason = groups?.error
            ? errorText(groups.error)
            : notCollected(said('asg.what'));
          old.push({
            ...entry,
            unknown: true,
            evidence: () =>
              said('instances.groupUnread', {
                ...values,
                group: groupName,
                reason: reason as Said,
              }),
          });
          continue;
        }
        const group = groups.data.find(
          g => g.autoScalingGroupName === groupName,
        );
        if (group && rotates(group, now, maxAgeMs)) continue;
        old.push({
          ...entry,
          evidence: limit =>
            said('instances.oldInGroup', {
              ...values,
              days: limit,
              group: groupName,
            }),
        });
      }
    },
    said('instances.what'),
  );
  // Oldest first; the failing ones before those whose group is unread.
  old.sort((a, b) => Number(a.unknown) - Number(b.unknown) || b.age - a.age);
  const failing = old.filter(o => !o.unknown);
  const unread = old.filter(o => o.unknown);
  const listed = (items: Old[]): GuardrailEvidence[] =>
    items.slice(0, listedInstances).map(o => ({
      region: o.region,
      resource: o.instance.instanceId,
      ...o.evidence(days),
    }));
  const more = (items: Old[]): GuardrailEvidence[] =>
    items.length > listedInstances
      ? [
          said('instances.more', {
            more: items.length - listedInstances,
            days,
            total: items.length,
          }),
        ]
      : [];
  findings.failures.push(...listed(failing), ...more(failing));
  findings.unknowns.push(...listed(unread), ...more(unread));
  if (running > 0) {
    findings.passes.push(said('instances.young', { count: running, days }));
  }
  return verdictOf(findings, [said('instances.none')]);
}

export const ec2InstanceRotationCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.ec2InstanceRotation),
  evaluate: evaluateRotation,
};
