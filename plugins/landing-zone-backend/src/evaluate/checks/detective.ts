/*
 * Detective guardrails: security services and account settings that must be
 * on, judged per allowed region or once per account from collected facts.
 */

import {
  type CheckContext,
  type CloudTrailFacts,
  type GuardrailCheck,
  type GuardrailEvidence,
  guardrailIds,
  type GuardrailVerdict,
} from '@internal/plugin-landing-zone-common';
import {
  accessVerdict,
  definitionOf,
  emptyFindings,
  forEachRegion,
  globalVerdict,
  regionalVerdict,
} from './common';

const isStatus = (status: string | undefined, expected: string) =>
  status?.toUpperCase() === expected;

type Trail = CloudTrailFacts['trails'][number];

function trailProblems(trail: Trail): string[] {
  const problems: string[] = [];
  if (!trail.isMultiRegion) problems.push('is not multi-region');
  if (!trail.logFileValidation)
    problems.push('has log file validation disabled');
  if (trail.isLogging === false) problems.push('is not logging');
  if (trail.isLogging === undefined)
    problems.push('has an unknown logging status');
  return problems;
}

/**
 * A multi-region trail (an organisation trail included) is listed in every
 * region of the account, so one readable region is enough to find it; the
 * trails of all regions are pooled.
 */
function evaluateCloudTrail(context: CheckContext): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) {
    return denied;
  }
  const findings = emptyFindings();
  const trails = new Map<string, Trail>();
  let readable = false;
  forEachRegion(
    context,
    findings,
    facts => facts.cloudTrail,
    data => {
      readable = true;
      for (const trail of data.trails) {
        trails.set(trail.arn, trail);
      }
    },
  );
  const compliant = [...trails.values()].find(
    trail => trailProblems(trail).length === 0,
  );
  if (compliant) {
    const kind = compliant.isOrganizationTrail ? 'Organization trail' : 'Trail';
    return {
      status: 'pass',
      evidence: [
        {
          resource: compliant.arn,
          region: compliant.homeRegion,
          message: `${kind} ${compliant.name} is multi-region, logging, with log file validation`,
        },
      ],
    };
  }
  const evidence: GuardrailEvidence[] = [...trails.values()].map(trail => ({
    resource: trail.arn,
    region: trail.homeRegion,
    message: `Trail ${trail.name} ${trailProblems(trail).join(', ')}`,
  }));
  const statusUnknown = [...trails.values()].some(
    trail => trail.isLogging === undefined && trailProblems(trail).length === 1,
  );
  if (!readable || statusUnknown) {
    return { status: 'unknown', evidence: [...evidence, ...findings.unknowns] };
  }
  if (evidence.length === 0) {
    evidence.push({ message: 'No CloudTrail trail is visible in the account' });
  }
  return { status: 'fail', evidence: [...evidence, ...findings.unknowns] };
}

export const cloudTrailMultiRegionCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.cloudTrailMultiRegion),
  evaluate: evaluateCloudTrail,
};

export const guardDutyEnabledCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.guardDutyEnabled),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.guardDuty,
      (data, region, findings) => {
        const enabled = data.detectors.find(d => isStatus(d.status, 'ENABLED'));
        if (enabled) {
          findings.passes.push({
            region,
            resource: enabled.detectorId,
            message: 'GuardDuty detector is enabled',
          });
        } else if (data.detectors.length === 0) {
          findings.failures.push({ region, message: 'No GuardDuty detector' });
        } else {
          for (const detector of data.detectors) {
            findings.failures.push({
              region,
              resource: detector.detectorId,
              message: `GuardDuty detector is ${detector.status}`,
            });
          }
        }
      },
    ),
};

export const configRecorderEnabledCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.configRecorderEnabled),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.config,
      (data, region, findings) => {
        const recording = data.recorders.find(
          r => r.recording && r.allSupported,
        );
        if (recording) {
          findings.passes.push({
            region,
            resource: recording.name,
            message:
              'Config recorder is recording all supported resource types',
          });
        } else if (data.recorders.length === 0) {
          findings.failures.push({ region, message: 'No AWS Config recorder' });
        } else {
          for (const recorder of data.recorders) {
            findings.failures.push({
              region,
              resource: recorder.name,
              message: recorder.recording
                ? 'Config recorder records only selected resource types'
                : 'Config recorder is not recording',
            });
          }
        }
      },
    ),
};

// External access analyzers only: unused-access analyzers find something else.
const externalAnalyzerTypes = ['ACCOUNT', 'ORGANIZATION'];

export const accessAnalyzerEnabledCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.accessAnalyzerEnabled),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.accessAnalyzer,
      (data, region, findings) => {
        const active = data.analyzers.find(
          a =>
            isStatus(a.status, 'ACTIVE') &&
            externalAnalyzerTypes.includes(a.type.toUpperCase()),
        );
        if (active) {
          findings.passes.push({
            region,
            resource: active.name,
            message: `${active.type} access analyzer is active`,
          });
        } else {
          findings.failures.push({
            region,
            message:
              data.analyzers.length === 0
                ? 'No IAM Access Analyzer analyzer'
                : `No active external access analyzer (found ${data.analyzers
                    .map(a => `${a.name}: ${a.type} ${a.status}`)
                    .join(', ')})`,
          });
        }
      },
    ),
};

export const ebsDefaultEncryptionCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.ebsDefaultEncryption),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.ebsEncryptionByDefault,
      (enabled, region, findings) => {
        (enabled ? findings.passes : findings.failures).push({
          region,
          message: enabled
            ? 'EBS encryption by default is enabled'
            : 'EBS encryption by default is disabled',
        });
      },
    ),
};

const fsbpStandard = 'aws-foundational-security-best-practices';

export const securityHubFsbpCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.securityHubFsbp),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.securityHub,
      (data, region, findings) => {
        if (!data.enabled) {
          findings.failures.push({
            region,
            message: 'Security Hub is not enabled',
          });
          return;
        }
        const fsbp = data.standards.find(s =>
          s.standardsArn.includes(fsbpStandard),
        );
        if (fsbp && isStatus(fsbp.status, 'READY')) {
          findings.passes.push({
            region,
            resource: fsbp.subscriptionArn,
            message: 'Security Hub runs FSBP',
          });
        } else {
          findings.failures.push({
            region,
            resource: fsbp?.subscriptionArn ?? data.hubArn,
            message: fsbp
              ? `FSBP standard is ${fsbp.status}`
              : 'FSBP standard is not enabled',
          });
        }
      },
    ),
};

export const noIamUserAccessKeysCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.noIamUserAccessKeys),
  evaluate: context =>
    globalVerdict(
      context,
      facts => facts.iamUsersWithKeys,
      users =>
        users.length === 0
          ? {
              status: 'pass',
              evidence: [{ message: 'No IAM user has an active access key' }],
            }
          : {
              status: 'fail',
              evidence: users.map(user => ({
                resource: user.userName,
                message: `IAM user ${
                  user.userName
                } has active access keys ${user.accessKeyIds.join(', ')}`,
              })),
            },
    ),
};

const publicAccessSettings = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
] as const;

export const s3AccountPublicAccessBlockCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.s3AccountPublicAccessBlock),
  evaluate: context =>
    globalVerdict(
      context,
      facts => facts.s3PublicAccessBlock,
      block => {
        if (!block) {
          return {
            status: 'fail',
            evidence: [
              {
                message:
                  'The account has no S3 Block Public Access configuration',
              },
            ],
          };
        }
        const off = publicAccessSettings.filter(setting => !block[setting]);
        return off.length === 0
          ? {
              status: 'pass',
              evidence: [
                { message: 'All four S3 Block Public Access settings are on' },
              ],
            }
          : {
              status: 'fail',
              evidence: off.map(setting => ({
                message: `S3 Block Public Access ${setting} is off`,
              })),
            };
      },
    ),
};

export const vpcFlowLogsCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.vpcFlowLogs),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.vpcs,
      (vpcs, region, findings) => {
        for (const vpc of vpcs) {
          const active = vpc.flowLogs.find(log =>
            isStatus(log.status, 'ACTIVE'),
          );
          (active ? findings.passes : findings.failures).push({
            region,
            resource: vpc.vpcId,
            message: active
              ? `Flow log ${active.flowLogId} is active`
              : 'VPC has no active flow log',
          });
        }
      },
      [{ message: 'No VPCs' }],
    ),
};

export const detectiveChecks: GuardrailCheck[] = [
  cloudTrailMultiRegionCheck,
  guardDutyEnabledCheck,
  configRecorderEnabledCheck,
  accessAnalyzerEnabledCheck,
  ebsDefaultEncryptionCheck,
  securityHubFsbpCheck,
  noIamUserAccessKeysCheck,
  s3AccountPublicAccessBlockCheck,
  vpcFlowLogsCheck,
];
