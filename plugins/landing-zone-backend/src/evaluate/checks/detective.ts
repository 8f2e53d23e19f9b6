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
  listOf,
  regionalVerdict,
  said,
  type Said,
} from './common';

const isStatus = (status: string | undefined, expected: string) =>
  status?.toUpperCase() === expected;

type Trail = CloudTrailFacts['trails'][number];

function trailProblems(trail: Trail): Said[] {
  const problems: Said[] = [];
  if (!trail.isMultiRegion) problems.push(said('trail.notMultiRegion'));
  if (!trail.logFileValidation) problems.push(said('trail.noValidation'));
  if (trail.isLogging === false) problems.push(said('trail.notLogging'));
  if (trail.isLogging === undefined) {
    problems.push(said('trail.loggingUnknown'));
  }
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
    return {
      status: 'pass',
      evidence: [
        {
          resource: compliant.arn,
          region: compliant.homeRegion,
          ...said(
            compliant.isOrganizationTrail
              ? 'trail.compliantOrganization'
              : 'trail.compliant',
            { name: compliant.name },
          ),
        },
      ],
    };
  }
  const evidence: GuardrailEvidence[] = [...trails.values()].map(trail => ({
    resource: trail.arn,
    region: trail.homeRegion,
    ...said('trail.problems', {
      name: trail.name,
      problems: listOf(trailProblems(trail), 'comma'),
    }),
  }));
  const statusUnknown = [...trails.values()].some(
    trail => trail.isLogging === undefined && trailProblems(trail).length === 1,
  );
  if (!readable || statusUnknown) {
    return { status: 'unknown', evidence: [...evidence, ...findings.unknowns] };
  }
  if (evidence.length === 0) {
    evidence.push(said('trail.none'));
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
            ...said('guardDuty.enabled'),
          });
        } else if (data.detectors.length === 0) {
          findings.failures.push({ region, ...said('guardDuty.none') });
        } else {
          for (const detector of data.detectors) {
            findings.failures.push({
              region,
              resource: detector.detectorId,
              ...said('guardDuty.status', { status: detector.status }),
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
            ...said('config.recording'),
          });
        } else if (data.recorders.length === 0) {
          findings.failures.push({ region, ...said('config.none') });
        } else {
          for (const recorder of data.recorders) {
            findings.failures.push({
              region,
              resource: recorder.name,
              ...said(
                recorder.recording ? 'config.selected' : 'config.notRecording',
              ),
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
            ...said('accessAnalyzer.active', { type: active.type }),
          });
        } else {
          findings.failures.push({
            region,
            ...(data.analyzers.length === 0
              ? said('accessAnalyzer.none')
              : said('accessAnalyzer.inactive', {
                  analyzers: data.analyzers
                    .map(a => `${a.name}: ${a.type} ${a.status}`)
                    .join(', '),
                })),
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
          ...said(enabled ? 'ebs.enabled' : 'ebs.disabled'),
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
            ...said('securityHub.disabled'),
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
            ...said('securityHub.fsbp'),
          });
        } else {
          findings.failures.push({
            region,
            resource: fsbp?.subscriptionArn ?? data.hubArn,
            ...(fsbp
              ? said('securityHub.fsbpStatus', { status: fsbp.status })
              : said('securityHub.fsbpMissing')),
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
              evidence: [said('iamUsers.none')],
            }
          : {
              status: 'fail',
              evidence: users.map(user => ({
                resource: user.userName,
                ...said('iamUsers.keys', {
                  userName: user.userName,
                  accessKeyIds: user.accessKeyIds.join(', '),
                }),
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
            evidence: [said('s3.none')],
          };
        }
        const off = publicAccessSettings.filter(setting => !block[setting]);
        return off.length === 0
          ? {
              status: 'pass',
              evidence: [said('s3.allOn')],
            }
          : {
              status: 'fail',
              evidence: off.map(setting => said('s3.off', { setting })),
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
            ...(active
              ? said('flowLogs.active', { flowLogId: active.flowLogId })
              : said('flowLogs.none')),
          });
        }
      },
      [said('vpc.none')],
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
