import { notJudgedReason, selectorMatches } from './scope';
import type { GuardrailConfiguration } from './scope';
import { defaultGuardrailSettings } from './checks';

const units = [
  { id: 'r-root', name: 'Root' },
  { id: 'ou-work', name: 'Workloads' },
  { id: 'ou-prod', name: 'Prod' },
  { id: 'ou-data', name: 'Data' },
];

const paymentsProd = {
  id: '111111111111',
  parentIds: ['r-root', 'ou-work', 'ou-prod'],
  ouPath: 'Root/Workloads/Prod',
  tags: { owner: 'team-payments', environment: 'prod' },
};
const lake = {
  id: '222222222222',
  parentIds: ['r-root', 'ou-data'],
  ouPath: 'Root/Data',
  tags: { 'data-classification': 'restricted' },
};

describe('selectorMatches', () => {
  it('picks an account by any OU on its path, by name or id, in any case', () => {
    expect(
      selectorMatches(
        { organizationalUnits: ['workloads'] },
        paymentsProd,
        units,
      ),
    ).toBe(true);
    expect(
      selectorMatches(
        { organizationalUnits: ['OU-PROD'] },
        paymentsProd,
        units,
      ),
    ).toBe(true);
    expect(
      selectorMatches({ organizationalUnits: ['Data'] }, paymentsProd, units),
    ).toBe(false);
  });

  it('picks by tag value, any value with *, and by account id', () => {
    expect(
      selectorMatches(
        { tags: { environment: ['dev', 'prod'] } },
        paymentsProd,
        units,
      ),
    ).toBe(true);
    expect(
      selectorMatches({ tags: { environment: ['dev'] } }, paymentsProd, units),
    ).toBe(false);
    expect(
      selectorMatches({ tags: { 'data-classification': ['*'] } }, lake, units),
    ).toBe(true);
    expect(
      selectorMatches(
        { tags: { 'data-classification': ['*'] } },
        paymentsProd,
        units,
      ),
    ).toBe(false);
    expect(
      selectorMatches({ accounts: ['111111111111'] }, paymentsProd, units),
    ).toBe(true);
  });

  it('picks nobody when empty, and takes the units as a map too', () => {
    expect(selectorMatches({}, paymentsProd, units)).toBe(false);
    expect(
      selectorMatches(
        { organizationalUnits: ['Prod'] },
        paymentsProd,
        new Map(units.map(u => [u.id, u])),
      ),
    ).toBe(true);
  });
});

describe('notJudgedReason', () => {
  const configuration: GuardrailConfiguration = {
    scopes: {
      'waf-public-entry': { enabled: false },
      'ec2-instance-rotation': {
        enabled: true,
        include: { organizationalUnits: ['Workloads'] },
        exclude: { tags: { environment: ['prod'] } },
      },
      'rds-encrypted': { enabled: true, include: {} },
    },
    dataAccounts: { organizationalUnits: ['Data'] },
    identityCenterOnly: { organizationalUnits: ['Workloads'] },
    settings: defaultGuardrailSettings,
  };

  it('judges a guardrail without a scope everywhere, and an empty include as none', () => {
    expect(
      notJudgedReason({ id: 'guardduty-enabled' }, configuration, lake, units),
    ).toBeUndefined();
    expect(
      notJudgedReason({ id: 'rds-encrypted' }, configuration, lake, units),
    ).toBeUndefined();
  });

  it('says a switched-off guardrail is disabled, before anything else', () => {
    expect(
      notJudgedReason({ id: 'waf-public-entry' }, configuration, lake, units),
    ).toBe('disabled');
  });

  it('keeps data-account and Identity-Center-only guardrails to their population', () => {
    const macie = { id: 'macie-enabled', appliesTo: 'data-accounts' as const };
    expect(notJudgedReason(macie, configuration, lake, units)).toBeUndefined();
    expect(notJudgedReason(macie, configuration, paymentsProd, units)).toBe(
      'not-data-account',
    );
    const users = {
      id: 'iam-no-users',
      appliesTo: 'identity-center-only' as const,
    };
    expect(
      notJudgedReason(users, configuration, paymentsProd, units),
    ).toBeUndefined();
    expect(notJudgedReason(users, configuration, lake, units)).toBe(
      'not-identity-center-only',
    );
    // Nothing configured as Identity-Center-only: judged nowhere.
    expect(
      notJudgedReason(
        users,
        { ...configuration, identityCenterOnly: {} },
        paymentsProd,
        units,
      ),
    ).toBe('not-identity-center-only');
  });

  it('applies include, then exclude', () => {
    const rotation = { id: 'ec2-instance-rotation' };
    expect(notJudgedReason(rotation, configuration, lake, units)).toBe(
      'not-included',
    );
    expect(notJudgedReason(rotation, configuration, paymentsProd, units)).toBe(
      'excluded',
    );
    expect(
      notJudgedReason(
        rotation,
        configuration,
        { ...paymentsProd, tags: { environment: 'staging' } },
        units,
      ),
    ).toBeUndefined();
  });
});
