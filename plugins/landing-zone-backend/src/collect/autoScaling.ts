import {
  AutoScalingClient,
  DescribeInstanceRefreshesCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribeScheduledActions,
  type InstanceRefresh,
} from '@aws-sdk/client-auto-scaling';
import type {
  AutoScalingGroup,
  RegionFacts,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { callOptions, capture, collectPages, during } from './errors';
import { PAGE_SIZE } from './pageSizes';

/** Instance refresh reads of one account-region in flight at a time. */
const REFRESH_CONCURRENCY = 4;

/** The refresh that started last (AWS lists them newest first; this does not rely on it). */
export function latestRefresh(
  refreshes: InstanceRefresh[] | undefined,
): AutoScalingGroup['lastInstanceRefresh'] {
  const time = (r: InstanceRefresh) => r.StartTime?.getTime() ?? 0;
  const latest = [...(refreshes ?? [])].sort((a, b) => time(b) - time(a))[0];
  if (!latest) return undefined;
  return {
    status: latest.Status ?? 'Unknown',
    startTime: latest.StartTime?.toISOString(),
    endTime: latest.EndTime?.toISOString(),
  };
}

/**
 * Reads the Auto Scaling groups of one account-region with what rotates
 * their instances: the maximum instance lifetime, the latest instance refresh
 * (one call per group, a few at a time) and the scheduled actions (one list
 * for the region). Any of them failing is the fact's error. Every call ends
 * with `signal`.
 */
export async function readAutoScalingGroups(
  client: AutoScalingClient,
  signal?: AbortSignal,
): Promise<Required<Pick<RegionFacts, 'autoScalingGroups'>>> {
  const call = callOptions(signal);
  const autoScalingGroups = await capture(
    'autoscaling:DescribeAutoScalingGroups',
    async () => {
      const [groups, actions] = await Promise.all([
        collectPages(
          paginateDescribeAutoScalingGroups(
            { client, pageSize: PAGE_SIZE.autoscaling },
            {},
            call,
          ),
          p => p.AutoScalingGroups,
        ),
        during('autoscaling:DescribeScheduledActions', () =>
          collectPages(
            paginateDescribeScheduledActions(
              { client, pageSize: PAGE_SIZE.autoscaling },
              {},
              call,
            ),
            p => p.ScheduledUpdateGroupActions,
          ),
        ),
      ]);
      const limit = pLimit(REFRESH_CONCURRENCY);
      return Promise.all(
        groups
          .filter(g => g.AutoScalingGroupName)
          .map(async (group): Promise<AutoScalingGroup> => {
            const name = group.AutoScalingGroupName!;
            // Newest first: the first record is the latest refresh.
            const { InstanceRefreshes } = await limit(() =>
              during('autoscaling:DescribeInstanceRefreshes', () =>
                client.send(
                  new DescribeInstanceRefreshesCommand({
                    AutoScalingGroupName: name,
                    MaxRecords: 1,
                  }),
                  call,
                ),
              ),
            );
            return {
              autoScalingGroupName: name,
              maxInstanceLifetime: group.MaxInstanceLifetime || undefined,
              lastInstanceRefresh: latestRefresh(InstanceRefreshes),
              scheduledActions: actions
                .filter(a => a.AutoScalingGroupName === name)
                .map(a => ({
                  name: a.ScheduledActionName ?? '',
                  recurrence: a.Recurrence,
                  startTime: a.StartTime?.toISOString(),
                })),
              instanceIds: (group.Instances ?? []).flatMap(i =>
                i.InstanceId ? [i.InstanceId] : [],
              ),
            };
          }),
      );
    },
  );
  return { autoScalingGroups };
}
