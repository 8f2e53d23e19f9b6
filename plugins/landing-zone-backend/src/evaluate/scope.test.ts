import {
  defaultGuardrailSettings,
  type GuardrailCheck,
  type GuardrailConfiguration,
} from '@internal/plugin-landing-zone-common';
import { makeAccount, makeContext } from './fixtures';
import { evaluateAccount } from './index';

/** A check that records the settings it was given and always passes. */
function recording(id: string, appliesTo?: 'data-accounts') {
  const seen: unknown[] = [];
  const check: GuardrailCheck = {
    definition: {
      id,
      title: id,
      description: id,
      category: 'detective',
      severity: 'low',
      remediation: '-',
      controls: {},
      appliesTo,
    },
    evaluate: context => {
      seen.push(context.settings);
      return { status: 'pass', evidence: [] };
    },
  };
  return { check, seen };
}

const configuration: GuardrailConfiguration = {
  scopes: {
    'switched-off': { enabled: false },
    'prod-only': { enabled: true, include: { organizationalUnits: ['Prod'] } },
    'not-in-workloads': {
      enabled: true,
      exclude: { organizationalUnits: ['Workloads'] },
    },
  },
  dataAccounts: { tags: { 'data-classification': ['*'] } },
  identityCenterOnly: {},
  settings: { ...defaultGuardrailSettings, instanceMaxAgeDays: 7 },
};

describe('evaluateAccount with the organisation’s scopes', () => {
  const everywhere = recording('everywhere');
  const off = recording('switched-off');
  const prodOnly = recording('prod-only');
  const notInWorkloads = recording('not-in-workloads');
  const data = recording('data-only', 'data-accounts');
  const checks = [everywhere, off, prodOnly, notInWorkloads, data].map(
    r => r.check,
  );

  it('judges only the guardrails in scope, with the configured settings', () => {
    // makeAccount's account sits in Root/Workloads/Prod, untagged.
    const context = {
      ...makeContext(makeAccount()),
      settings: configuration.settings,
    };
    const results = evaluateAccount(checks, context, configuration);
    expect(results.map(r => r.checkId)).toEqual(['everywhere', 'prod-only']);
    expect(everywhere.seen.at(-1)).toEqual(
      expect.objectContaining({ instanceMaxAgeDays: 7 }),
    );
  });

  it('judges a data-account guardrail in a tagged account', () => {
    const account = makeAccount();
    account.account.tags = { 'data-classification': 'restricted' };
    const results = evaluateAccount(
      checks,
      makeContext(account),
      configuration,
    );
    expect(results.map(r => r.checkId)).toEqual([
      'everywhere',
      'prod-only',
      'data-only',
    ]);
  });

  it('judges everything without a configuration', () => {
    const results = evaluateAccount(checks, makeContext(makeAccount()));
    expect(results).toHaveLength(checks.length);
  });
});
