/*
 * Root user guardrails. With centralised root access (IAM
 * RootCredentialsManagement, enabled in the management account) a member
 * account may have no root credentials at all: nobody can sign in as its
 * root user, so MFA and access keys have nothing to protect. Such an account
 * passes the credential guardrails, and its evidence says why. The management
 * account keeps its root user whatever the feature says.
 */

import {
  type CheckContext,
  type GuardrailCheck,
  type GuardrailEvidence,
  guardrailIds,
  type GuardrailVerdict,
  type IamAccountSummary,
  type RootActivity,
} from '@internal/plugin-landing-zone-common';
import {
  accessVerdict,
  definitionOf,
  errorText,
  globalVerdict,
  listOf,
  notCollected,
  regionalVerdict,
  said,
  type Said,
} from './common';

const isManagement = (context: CheckContext) =>
  context.account.account.id === context.organization.managementAccountId;

/** The root credentials IAM reports; undefined where it did not say. */
function rootCredentials(summary: IamAccountSummary): {
  present: Said[];
  unreported: Said[];
} {
  const present: Said[] = [];
  const unreported: Said[] = [];
  if (summary.accountPasswordPresent) {
    present.push(said('root.credential.password'));
  }
  if (summary.accountPasswordPresent === undefined) {
    unreported.push(said('root.unreported.password'));
  }
  if (summary.accountAccessKeysPresent) {
    present.push(said('root.credential.accessKeys'));
  }
  if (summary.accountSigningCertificatesPresent) {
    present.push(said('root.credential.signingCertificates'));
  }
  if (summary.accountSigningCertificatesPresent === undefined) {
    unreported.push(said('root.credential.signingCertificates'));
  }
  if (summary.accountMfaEnabled) present.push(said('root.credential.mfa'));
  return { present, unreported };
}

/** Whether the organisation manages root credentials centrally, if known. */
function centralManagement(context: CheckContext): boolean | undefined {
  return context.organization.rootAccess?.data?.rootCredentialsManagement;
}

/**
 * Evidence that the member account has no root credentials under central
 * management, or undefined when that cannot be said.
 */
function withoutRootCredentials(
  context: CheckContext,
  summary: IamAccountSummary,
): GuardrailEvidence | undefined {
  if (isManagement(context) || centralManagement(context) !== true) {
    return undefined;
  }
  const { present, unreported } = rootCredentials(summary);
  if (present.length > 0 || unreported.length > 0) {
    return undefined;
  }
  return said('root.noCredentials');
}

export const rootMfaCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.rootMfa),
  evaluate: context =>
    globalVerdict(
      context,
      facts => facts.iamSummary,
      summary => {
        const central = withoutRootCredentials(context, summary);
        if (central) return { status: 'pass', evidence: [central] };
        return summary.accountMfaEnabled
          ? { status: 'pass', evidence: [said('root.mfa.enabled')] }
          : { status: 'fail', evidence: [said('root.mfa.none')] };
      },
    ),
};

export const noRootAccessKeysCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.noRootAccessKeys),
  evaluate: context =>
    globalVerdict(
      context,
      facts => facts.iamSummary,
      summary => {
        const central = withoutRootCredentials(context, summary);
        if (central) return { status: 'pass', evidence: [central] };
        return summary.accountAccessKeysPresent
          ? { status: 'fail', evidence: [said('root.accessKeys.present')] }
          : { status: 'pass', evidence: [said('root.accessKeys.none')] };
      },
    ),
};

export const rootHardwareMfaCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.rootHardwareMfa),
  evaluate: context => {
    const environment = context.account.account.environment;
    if (environment !== 'prod') {
      const denied = accessVerdict(context);
      return (
        denied ?? {
          status: 'pass',
          evidence: [said('root.hardwareMfa.notRequired', { environment })],
        }
      );
    }
    return globalVerdict(
      context,
      facts => facts.iamSummary,
      summary => {
        const central = withoutRootCredentials(context, summary);
        if (central) return { status: 'pass', evidence: [central] };
        if (!summary.accountMfaEnabled) {
          return { status: 'fail', evidence: [said('root.mfa.none')] };
        }
        return globalVerdict(
          context,
          facts => facts.rootVirtualMfa,
          virtual =>
            virtual
              ? {
                  status: 'fail',
                  evidence: [
                    {
                      resource: virtual.serialNumber,
                      ...said('root.hardwareMfa.virtual', {
                        serialNumber: virtual.serialNumber,
                      }),
                    },
                  ],
                }
              : {
                  status: 'pass',
                  evidence: [said('root.hardwareMfa.hardware')],
                },
          said('root.virtualMfa'),
        );
      },
    );
  },
};

function rootAccessVerdict(context: CheckContext): GuardrailVerdict {
  const rootAccess = context.organization.rootAccess;
  if (!rootAccess) {
    return {
      status: 'unknown',
      evidence: [notCollected(said('root.access.features'))],
    };
  }
  if (rootAccess.error) {
    return {
      status: 'unknown',
      evidence: [
        said('root.access.unreadable', { error: errorText(rootAccess.error) }),
      ],
    };
  }
  if (!rootAccess.data.rootCredentialsManagement) {
    return {
      status: 'fail',
      evidence: [said('root.access.off')],
    };
  }
  return { status: 'pass', evidence: [] };
}

export const rootCredentialsCentralizedCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.rootCredentialsCentralized),
  evaluate: context => {
    if (isManagement(context)) {
      return {
        status: 'unknown',
        evidence: [said('root.access.management')],
      };
    }
    const organisation = rootAccessVerdict(context);
    if (organisation.status !== 'pass') {
      return organisation;
    }
    return globalVerdict(
      context,
      facts => facts.iamSummary,
      summary => {
        const { present, unreported } = rootCredentials(summary);
        if (present.length > 0) {
          return {
            status: 'fail',
            evidence: [
              said('root.credentials.remaining', {
                credentials: listOf(present, 'and'),
              }),
            ],
          };
        }
        if (unreported.length > 0) {
          return {
            status: 'unknown',
            evidence: [
              said('root.credentials.unreported', {
                credentials: listOf(unreported, 'or'),
              }),
            ],
          };
        }
        return {
          status: 'pass',
          evidence: [said('root.credentials.none')],
        };
      },
    );
  },
};

// Most root events listed in the evidence; the rest are counted.
export const MAX_ROOT_EVENTS = 20;

type RootEvent = RootActivity['events'][number];

function describeEvent(event: RootEvent, region: string): Said {
  const { eventName, eventTime, eventSource, sourceIpAddress } = event;
  const values = { eventName, eventTime, region };
  if (eventSource && sourceIpAddress) {
    return said('rootActivity.event.sourceFrom', {
      ...values,
      eventSource,
      sourceIpAddress,
    });
  }
  if (eventSource) {
    return said('rootActivity.event.source', { ...values, eventSource });
  }
  return sourceIpAddress
    ? said('rootActivity.event.from', { ...values, sourceIpAddress })
    : said('rootActivity.event', values);
}

export const rootUserActivityCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.rootUserActivity),
  evaluate: context => {
    let listed = 0;
    let unlisted = 0;
    let truncated = 0;
    const windows = new Set<number>();
    const verdict = regionalVerdict(
      context,
      facts => facts.rootActivity,
      (activity, region, findings) => {
        windows.add(activity.days);
        const events = [...activity.events].sort((a, b) =>
          a.eventTime.localeCompare(b.eventTime),
        );
        for (const event of events) {
          if (listed < MAX_ROOT_EVENTS) {
            listed++;
            findings.failures.push({
              region,
              resource: event.eventId,
              ...describeEvent(event, region),
            });
          } else {
            unlisted++;
          }
        }
        if (activity.truncated) {
          truncated++;
          findings.failures.push({
            region,
            ...said('rootActivity.truncated', { region }),
          });
        }
      },
      [],
      said('rootActivity.what'),
    );
    if (unlisted > 0) {
      // After the failures, before the unreadable regions.
      verdict.evidence.splice(
        listed + truncated,
        0,
        said('rootActivity.more', { more: unlisted }),
      );
    }
    if (verdict.status === 'pass') {
      const days = [...windows]
        .sort((a, b) => a - b)
        .map(value => said('value', { value }));
      verdict.evidence = [
        said('rootActivity.none', {
          days: listOf(days, 'or'),
          regions: context.allowedRegions.join(', '),
        }),
      ];
    }
    return verdict;
  },
};

export const rootChecks: GuardrailCheck[] = [
  rootMfaCheck,
  rootHardwareMfaCheck,
  noRootAccessKeysCheck,
  rootCredentialsCentralizedCheck,
  rootUserActivityCheck,
];
