import type {
  AccountFacts,
  GuardrailCheck,
  IamAccountSummary,
  OrganizationFacts,
  RootActivity,
} from '@internal/plugin-landing-zone-common';
import {
  data,
  failed,
  inEnglish,
  makeAccount,
  makeContext,
  makeOrganization,
  managementAccountId,
} from '../fixtures';
import {
  MAX_ROOT_EVENTS,
  noRootAccessKeysCheck,
  rootChecks,
  rootCredentialsCentralizedCheck,
  rootHardwareMfaCheck,
  rootMfaCheck,
  rootUserActivityCheck,
} from './root';

const evaluate = (
  check: GuardrailCheck,
  account: AccountFacts,
  organization: OrganizationFacts = makeOrganization(),
) => check.evaluate(makeContext(account, { organization }));

/** A root user that signs in with a password and MFA, as before centralisation. */
const withCredentials: IamAccountSummary = {
  accountMfaEnabled: true,
  accountAccessKeysPresent: false,
  accountPasswordPresent: true,
  accountSigningCertificatesPresent: false,
};

function accountWith(summary: Partial<IamAccountSummary>): AccountFacts {
  const account = makeAccount();
  account.global!.iamSummary = data({ ...withCredentials, ...summary });
  return account;
}

function organizationWithRootAccess(
  rootAccess: OrganizationFacts['rootAccess'],
): OrganizationFacts {
  return { ...makeOrganization(), rootAccess };
}

const central =
  'The root user has no credentials (no password, access keys, signing certificates or MFA device): the organisation manages root access centrally';

describe('every root check', () => {
  it.each(rootChecks.map(check => [check.definition.id, check] as const))(
    '%s is unknown when the member role could not be assumed',
    (_, check) => {
      const account = makeAccount();
      account.access = { code: 'AccessDenied', message: 'denied' };
      delete account.global;
      delete account.regions;
      expect(evaluate(check, account).status).toBe('unknown');
    },
  );
});

describe('root-mfa and no-root-access-keys', () => {
  it('pass a member account without root credentials, saying why', () => {
    for (const check of [rootMfaCheck, noRootAccessKeysCheck]) {
      expect(inEnglish(evaluate(check, makeAccount()))).toEqual({
        status: 'pass',
        evidence: [{ message: central }],
      });
    }
  });

  it('judge MFA and keys as before when root access is not centralised', () => {
    const account = accountWith({
      accountMfaEnabled: false,
      accountAccessKeysPresent: true,
    });
    expect(inEnglish(evaluate(rootMfaCheck, account))).toEqual({
      status: 'fail',
      evidence: [{ message: 'Root user has no MFA device' }],
    });
    expect(inEnglish(evaluate(noRootAccessKeysCheck, account))).toEqual({
      status: 'fail',
      evidence: [{ message: 'Root user has access keys' }],
    });
    expect(inEnglish(evaluate(rootMfaCheck, accountWith({})).evidence)).toEqual(
      [{ message: 'Root user has MFA enabled' }],
    );
  });

  it('do not count a summary without password or certificates as credential-less', () => {
    // Old facts: IAM's summary as read before the portal kept these fields.
    const account = makeAccount();
    account.global!.iamSummary = data({
      accountMfaEnabled: false,
      accountAccessKeysPresent: false,
    });
    expect(evaluate(rootMfaCheck, account).status).toBe('fail');
  });

  it('fail a credential-less account when the organisation does not manage root access', () => {
    const off = organizationWithRootAccess(
      data({ rootCredentialsManagement: false, rootSessions: false }),
    );
    expect(evaluate(rootMfaCheck, makeAccount(), off).status).toBe('fail');
  });

  it('do not excuse the management account', () => {
    const account = makeAccount({ id: managementAccountId });
    expect(inEnglish(evaluate(rootMfaCheck, account))).toEqual({
      status: 'fail',
      evidence: [{ message: 'Root user has no MFA device' }],
    });
  });

  it('are unknown when IAM could not be read', () => {
    const account = makeAccount();
    account.global!.iamSummary = failed(
      'AccessDenied',
      'iam:GetAccountSummary',
    );
    expect(inEnglish(evaluate(rootMfaCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          message: 'iam:GetAccountSummary: AccessDenied: AccessDenied (test)',
        },
      ],
    });
  });
});

describe('root-hardware-mfa', () => {
  it('passes non-prod accounts as not required', () => {
    const account = makeAccount({ environment: 'non-prod' });
    account.global!.iamSummary = data({
      ...withCredentials,
      accountMfaEnabled: false,
    });
    expect(inEnglish(evaluate(rootHardwareMfaCheck, account))).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            'Not required: the account is non-prod, and hardware root MFA is required in prod accounts',
        },
      ],
    });
  });

  it('passes a prod account without root credentials under central management', () => {
    expect(inEnglish(evaluate(rootHardwareMfaCheck, makeAccount()))).toEqual({
      status: 'pass',
      evidence: [{ message: central }],
    });
  });

  it('fails when MFA is off', () => {
    expect(
      inEnglish(
        evaluate(
          rootHardwareMfaCheck,
          accountWith({ accountMfaEnabled: false }),
        ),
      ),
    ).toEqual({
      status: 'fail',
      evidence: [{ message: 'Root user has no MFA device' }],
    });
  });

  it('fails when the root MFA is a virtual device', () => {
    const account = accountWith({});
    const serialNumber =
      'arn:aws:iam::111122223333:mfa/root-account-mfa-device';
    account.global!.rootVirtualMfa = data({ serialNumber });
    expect(inEnglish(evaluate(rootHardwareMfaCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          resource: serialNumber,
          message: `Root MFA is the virtual device ${serialNumber}, not a hardware device`,
        },
      ],
    });
  });

  it('passes MFA without a virtual device as hardware', () => {
    expect(evaluate(rootHardwareMfaCheck, accountWith({})).status).toBe('pass');
  });

  it('is unknown when the virtual devices were not collected or not readable', () => {
    const account = accountWith({});
    delete account.global!.rootVirtualMfa;
    expect(inEnglish(evaluate(rootHardwareMfaCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            "The root user's virtual MFA device was not collected (facts from before the portal read it)",
        },
      ],
    });
    account.global!.rootVirtualMfa = failed('AccessDenied');
    expect(evaluate(rootHardwareMfaCheck, account).status).toBe('unknown');
  });
});

describe('root-credentials-centralized', () => {
  it('passes a member account without root credentials', () => {
    expect(
      inEnglish(evaluate(rootCredentialsCentralizedCheck, makeAccount())),
    ).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            'Root access is managed centrally and the root user has no password, access keys, signing certificates or MFA device',
        },
      ],
    });
  });

  it('is unknown on the management account', () => {
    const account = makeAccount({ id: managementAccountId });
    expect(evaluate(rootCredentialsCentralizedCheck, account).status).toBe(
      'unknown',
    );
  });

  it('fails when the organisation has the feature off', () => {
    const off = organizationWithRootAccess(
      data({ rootCredentialsManagement: false, rootSessions: true }),
    );
    expect(
      inEnglish(evaluate(rootCredentialsCentralizedCheck, makeAccount(), off)),
    ).toEqual({
      status: 'fail',
      evidence: [
        {
          message:
            'Centralised root access is off: IAM RootCredentialsManagement is not enabled for the organisation',
        },
      ],
    });
  });

  it('is unknown when the organisation fact is missing or unreadable', () => {
    expect(
      evaluate(
        rootCredentialsCentralizedCheck,
        makeAccount(),
        organizationWithRootAccess(undefined),
      ).status,
    ).toBe('unknown');
    expect(
      evaluate(
        rootCredentialsCentralizedCheck,
        makeAccount(),
        organizationWithRootAccess(failed('AccessDenied')),
      ).status,
    ).toBe('unknown');
  });

  it('lists the credentials the member account still has', () => {
    const account = accountWith({
      accountAccessKeysPresent: true,
      accountSigningCertificatesPresent: true,
    });
    expect(
      inEnglish(evaluate(rootCredentialsCentralizedCheck, account)),
    ).toEqual({
      status: 'fail',
      evidence: [
        {
          message:
            'The root user still has a password, access keys, signing certificates and an MFA device',
        },
      ],
    });
  });

  it('is unknown when IAM did not say whether a password or certificates exist', () => {
    const account = makeAccount();
    account.global!.iamSummary = data({
      accountMfaEnabled: false,
      accountAccessKeysPresent: false,
    });
    expect(
      inEnglish(evaluate(rootCredentialsCentralizedCheck, account)),
    ).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            'IAM did not report whether the root user has password or signing certificates',
        },
      ],
    });
  });
});

describe('root-user-activity', () => {
  const event = (n: number): RootActivity['events'][number] => ({
    eventId: `ev-${n}`,
    eventName: 'ConsoleLogin',
    eventTime: `2025-05-${String(10 + (n % 20)).padStart(2, '0')}T08:00:00Z`,
    eventSource: 'signin.amazonaws.com',
    sourceIpAddress: '198.51.100.7',
  });
  const activity = (events: RootActivity['events'], truncated?: boolean) =>
    data<RootActivity>({
      days: 90,
      since: '2025-03-03T12:00:00.000Z',
      events,
      truncated,
    });

  it('passes when every allowed region was read and none had root events', () => {
    expect(inEnglish(evaluate(rootUserActivityCheck, makeAccount()))).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            'No root events in the last 90 days in eu-west-1, eu-central-1',
        },
      ],
    });
  });

  it('fails listing the events with time, source IP and region', () => {
    const account = makeAccount();
    account.regions!['eu-west-1'].rootActivity = activity([event(1)]);
    expect(inEnglish(evaluate(rootUserActivityCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region: 'eu-west-1',
          resource: 'ev-1',
          message:
            'Root user called ConsoleLogin (signin.amazonaws.com) at 2025-05-11T08:00:00Z from 198.51.100.7 in eu-west-1',
        },
      ],
    });
  });

  it('caps the list and counts the rest, keeping unreadable regions', () => {
    const account = makeAccount();
    account.regions!['eu-west-1'].rootActivity = activity(
      Array.from({ length: MAX_ROOT_EVENTS + 5 }, (_, i) => event(i)),
      true,
    );
    delete account.regions!['eu-central-1'].rootActivity;
    const verdict = evaluate(rootUserActivityCheck, account);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toHaveLength(MAX_ROOT_EVENTS + 3);
    expect(verdict.evidence.slice(MAX_ROOT_EVENTS).map(e => e.message)).toEqual(
      [
        'More root events were recorded in eu-west-1 than were read',
        '…and 5 more root events',
        'Root user activity was not collected (facts from before the portal read it)',
      ],
    );
  });

  it('is unknown for unread regions', () => {
    const account = makeAccount();
    account.regions!['eu-central-1'].rootActivity = failed(
      'AccessDenied',
      'cloudtrail:LookupEvents',
    );
    expect(inEnglish(evaluate(rootUserActivityCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region: 'eu-central-1',
          message: 'cloudtrail:LookupEvents: AccessDenied: AccessDenied (test)',
        },
      ],
    });
  });
});
