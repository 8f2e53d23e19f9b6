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
  describeError,
  globalVerdict,
  notCollected,
  regionalVerdict,
} from './common';

const isManagement = (context: CheckContext) =>
  context.account.account.id === context.organization.managementAccountId;

/** The root credentials IAM reports; undefined where it did not say. */
function rootCredentials(summary: IamAccountSummary): {
  present: string[];
  unreported: string[];
} {
  const present: string[] = [];
  const unreported: string[] = [];
  if (summary.accountPasswordPresent) present.push('a password');
  if (summary.accountPasswordPresent === undefined) unreported.push('password');
  if (summary.accountAccessKeysPresent) present.push('access keys');
  if (summary.accountSigningCertificatesPresent)
    present.push('signing certificates');
  if (summary.accountSigningCertificatesPresent === undefined)
    unreported.push('signing certificates');
  if (summary.accountMfaEnabled) present.push('an MFA device');
  return { present, unreported };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
    : items.join('');
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
  return {
    message:
      'The root user has no credentials (no password, access keys, signing certificates or MFA device): the organisation manages root access centrally',
  };
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
          ? {
              status: 'pass',
              evidence: [{ message: 'Root user has MFA enabled' }],
            }
          : {
              status: 'fail',
              evidence: [{ message: 'Root user has no MFA device' }],
            };
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
          ? {
              status: 'fail',
              evidence: [{ message: 'Root user has access keys' }],
            }
          : {
              status: 'pass',
              evidence: [{ message: 'Root user has no access keys' }],
            };
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
          evidence: [
            {
              message: `Not required: the account is ${environment}, and hardware root MFA is required in prod accounts`,
            },
          ],
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
          return {
            status: 'fail',
            evidence: [{ message: 'Root user has no MFA device' }],
          };
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
                      message: `Root MFA is the virtual device ${virtual.serialNumber}, not a hardware device`,
                    },
                  ],
                }
              : {
                  status: 'pass',
                  evidence: [
                    {
                      message:
                        'Root MFA is enabled and no virtual device is assigned to the root user: it is a hardware device',
                    },
                  ],
                },
          "The root user's virtual MFA device",
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
      evidence: [notCollected("The organisation's root access features")],
    };
  }
  if (rootAccess.error) {
    return {
      status: 'unknown',
      evidence: [
        {
          message: `The organisation's root access features could not be read: ${describeError(
            rootAccess.error,
          )}`,
        },
      ],
    };
  }
  if (!rootAccess.data.rootCredentialsManagement) {
    return {
      status: 'fail',
      evidence: [
        {
          message:
            'Centralised root access is off: IAM RootCredentialsManagement is not enabled for the organisation',
        },
      ],
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
        evidence: [
          {
            message:
              'The management account keeps its root user: centralised root access covers member accounts only',
          },
        ],
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
              {
                message: `The root user still has ${listed(present)}`,
              },
            ],
          };
        }
        if (unreported.length > 0) {
          return {
            status: 'unknown',
            evidence: [
              {
                message: `IAM did not report whether the root user has ${unreported.join(
                  ' or ',
                )}`,
              },
            ],
          };
        }
        return {
          status: 'pass',
          evidence: [
            {
              message:
                'Root access is managed centrally and the root user has no password, access keys, signing certificates or MFA device',
            },
          ],
        };
      },
    );
  },
};

// Most root events listed in the evidence; the rest are counted.
export const MAX_ROOT_EVENTS = 20;

type RootEvent = RootActivity['events'][number];

function describeEvent(event: RootEvent, region: string): string {
  const from = event.sourceIpAddress ? ` from ${event.sourceIpAddress}` : '';
  const source = event.eventSource ? ` (${event.eventSource})` : '';
  return `Root user called ${event.eventName}${source} at ${event.eventTime}${from} in ${region}`;
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
              message: describeEvent(event, region),
            });
          } else {
            unlisted++;
          }
        }
        if (activity.truncated) {
          truncated++;
          findings.failures.push({
            region,
            message: `More root events were recorded in ${region} than were read`,
          });
        }
      },
      [],
      'Root user activity',
    );
    if (unlisted > 0) {
      // After the failures, before the unreadable regions.
      verdict.evidence.splice(listed + truncated, 0, {
        message: `…and ${unlisted} more root events`,
      });
    }
    if (verdict.status === 'pass') {
      const days = [...windows].sort((a, b) => a - b).join(' or ');
      verdict.evidence = [
        {
          message: `No root events in the last ${days} days in ${context.allowedRegions.join(
            ', ',
          )}`,
        },
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
