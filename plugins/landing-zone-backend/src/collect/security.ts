import {
  AccessAnalyzerClient,
  paginateListAnalyzers,
} from '@aws-sdk/client-accessanalyzer';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  GetDetectorCommand,
  GuardDutyClient,
  paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import {
  DescribeHubCommand,
  paginateGetEnabledStandards,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { RegionFacts } from '@internal/plugin-landing-zone-common';
import { callOptions, capture, collectPages, isErrorNamed } from './errors';
import { PAGE_SIZE } from './pageSizes';

type SecurityFacts = Pick<
  RegionFacts,
  'guardDuty' | 'cloudTrail' | 'config' | 'securityHub' | 'accessAnalyzer'
>;

export type SecurityClients = {
  guardduty: GuardDutyClient;
  cloudtrail: CloudTrailClient;
  config: ConfigServiceClient;
  securityhub: SecurityHubClient;
  accessanalyzer: AccessAnalyzerClient;
};

/** Reads the detective services of one account-region; every call ends with `signal`. */
export async function readSecurityServices(
  clients: SecurityClients,
  signal?: AbortSignal,
): Promise<SecurityFacts> {
  const call = callOptions(signal);
  const [guardDuty, cloudTrail, config, securityHub, accessAnalyzer] =
    await Promise.all([
      capture('guardduty:ListDetectors', async () => {
        const client = clients.guardduty;
        const ids = await collectPages(
          paginateListDetectors(
            { client, pageSize: PAGE_SIZE.guardduty },
            {},
            call,
          ),
          p => p.DetectorIds,
        );
        const detectors = await Promise.all(
          ids.map(async detectorId => {
            const detector = await client.send(
              new GetDetectorCommand({ DetectorId: detectorId }),
              call,
            );
            return { detectorId, status: detector.Status ?? 'UNKNOWN' };
          }),
        );
        return { detectors };
      }),
      capture('cloudtrail:DescribeTrails', async () => {
        const client = clients.cloudtrail;
        const { trailList = [] } = await client.send(
          new DescribeTrailsCommand({ includeShadowTrails: true }),
          call,
        );
        const trails = await Promise.all(
          trailList.map(async trail => {
            const name = trail.TrailARN ?? trail.Name ?? '';
            // A failed status read fails the whole fact, so the last good
            // one is kept rather than replaced by a trail of unknown state.
            const status = await client.send(
              new GetTrailStatusCommand({ Name: name }),
              call,
            );
            return {
              name: trail.Name ?? name,
              arn: trail.TrailARN ?? '',
              homeRegion: trail.HomeRegion,
              isMultiRegion: trail.IsMultiRegionTrail ?? false,
              isOrganizationTrail: trail.IsOrganizationTrail ?? false,
              logFileValidation: trail.LogFileValidationEnabled ?? false,
              isLogging: status.IsLogging,
            };
          }),
        );
        return { trails };
      }),
      capture('config:DescribeConfigurationRecorders', async () => {
        const client = clients.config;
        const [
          { ConfigurationRecorders = [] },
          { ConfigurationRecordersStatus = [] },
        ] = await Promise.all([
          client.send(new DescribeConfigurationRecordersCommand({}), call),
          client.send(new DescribeConfigurationRecorderStatusCommand({}), call),
        ]);
        return {
          recorders: ConfigurationRecorders.map(recorder => {
            const status = ConfigurationRecordersStatus.find(
              s => s.name === recorder.name,
            );
            return {
              name: recorder.name ?? '',
              allSupported: recorder.recordingGroup?.allSupported ?? false,
              includeGlobalResourceTypes:
                recorder.recordingGroup?.includeGlobalResourceTypes ?? false,
              recording: status?.recording ?? false,
              lastStatus: status?.lastStatus,
            };
          }),
        };
      }),
      capture('securityhub:DescribeHub', async () => {
        const client = clients.securityhub;
        let hubArn: string | undefined;
        try {
          hubArn = (await client.send(new DescribeHubCommand({}), call)).HubArn;
        } catch (error) {
          // Security Hub answers "not subscribed" this way; that is a fact, not a failure.
          if (
            isErrorNamed(
              error,
              'InvalidAccessException',
              'ResourceNotFoundException',
            )
          ) {
            return { enabled: false, standards: [] };
          }
          throw error;
        }
        const subscriptions = await collectPages(
          paginateGetEnabledStandards(
            { client, pageSize: PAGE_SIZE.securityhub },
            {},
            call,
          ),
          p => p.StandardsSubscriptions,
        );
        return {
          enabled: true,
          hubArn,
          standards: subscriptions.map(s => ({
            standardsArn: s.StandardsArn ?? '',
            subscriptionArn: s.StandardsSubscriptionArn ?? '',
            status: s.StandardsStatus ?? 'UNKNOWN',
          })),
        };
      }),
      capture('access-analyzer:ListAnalyzers', async () => {
        const client = clients.accessanalyzer;
        const analyzers = await collectPages(
          paginateListAnalyzers(
            { client, pageSize: PAGE_SIZE.accessanalyzer },
            {},
            call,
          ),
          p => p.analyzers,
        );
        return {
          analyzers: analyzers.map(a => ({
            name: a.name ?? '',
            type: a.type ?? 'UNKNOWN',
            status: a.status ?? 'UNKNOWN',
          })),
        };
      }),
    ]);
  return { guardDuty, cloudTrail, config, securityHub, accessAnalyzer };
}
