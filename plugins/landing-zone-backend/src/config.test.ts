import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_SERVICES } from './collect/services';
import { assertKnownGuardrails, readLandingZoneSettings } from './config';

const read = (landingZone?: JsonObject) =>
  readLandingZoneSettings(new ConfigReader(landingZone ? { landingZone } : {}));

describe('readLandingZoneSettings', () => {
  it('judges every guardrail everywhere by default, data accounts by OU Data or a data-classification tag, Identity-Center-only nowhere', () => {
    const { guardrails } = read({ regions: ['eu-west-1'] });
    expect(guardrails).toEqual({
      scopes: {},
      dataAccounts: {
        organizationalUnits: ['Data'],
        tags: { 'data-classification': ['*'] },
      },
      identityCenterOnly: {},
      settings: {
        instanceMaxAgeDays: 30,
        requireCustomerManagedKeys: false,
        trustedAccountIds: [],
      },
    });
  });

  it('reads scopes, selectors and settings from landingZone.guardrails', () => {
    const { guardrails } = read({
      regions: ['eu-west-1'],
      guardrails: {
        dataAccounts: { tags: { tier: 'data' }, accounts: ['123456789012'] },
        identityCenterOnly: { organizationalUnits: ['Workloads', 'Sandbox'] },
        trustedAccounts: ['111122223333'],
        requireCustomerManagedKeys: true,
        instanceMaxAgeDays: 14,
        checks: {
          'waf-public-entry': { enabled: false },
          'ec2-instance-rotation': {
            include: { organizationalUnits: ['Workloads'] },
            exclude: { tags: { environment: ['sandbox', 'dev'] } },
          },
        },
      },
    });
    expect(guardrails).toEqual({
      scopes: {
        'waf-public-entry': {
          enabled: false,
          include: undefined,
          exclude: undefined,
        },
        'ec2-instance-rotation': {
          enabled: true,
          include: { organizationalUnits: ['Workloads'] },
          exclude: { tags: { environment: ['sandbox', 'dev'] } },
        },
      },
      dataAccounts: { tags: { tier: ['data'] }, accounts: ['123456789012'] },
      identityCenterOnly: { organizationalUnits: ['Workloads', 'Sandbox'] },
      settings: {
        instanceMaxAgeDays: 14,
        requireCustomerManagedKeys: true,
        trustedAccountIds: ['111122223333'],
      },
    });
  });

  it('refuses bad guardrail settings with the key that is wrong', () => {
    expect(() =>
      read({ regions: ['eu-west-1'], guardrails: { instanceMaxAgeDays: 0 } }),
    ).toThrow(
      "Invalid config at 'landingZone.guardrails.instanceMaxAgeDays': expected a positive integer, got 0",
    );
    expect(() =>
      read({
        regions: ['eu-west-1'],
        guardrails: { trustedAccounts: ['acme'] },
      }),
    ).toThrow(
      'Invalid config at \'landingZone.guardrails.trustedAccounts[0]\': expected a 12-digit account id, got "acme"',
    );
    expect(() =>
      read({
        regions: ['eu-west-1'],
        guardrails: {
          checks: { 'rds-encrypted': { include: { tags: { tier: [] } } } },
        },
      }),
    ).toThrow(
      /^Invalid config at 'landingZone.guardrails.checks.rds-encrypted.include.tags.tier'/,
    );
  });

  it('stops start-up on a scope for a guardrail no check has, naming the known ids', () => {
    const { guardrails } = read({
      regions: ['eu-west-1'],
      guardrails: { checks: { 'waf-public-entri': { enabled: false } } },
    });
    expect(() =>
      assertKnownGuardrails(guardrails, ['waf-public-entry', 'rds-encrypted']),
    ).toThrow(
      "Invalid config at 'landingZone.guardrails.checks.waf-public-entri': no guardrail has the id 'waf-public-entri'; known ids: rds-encrypted, waf-public-entry",
    );
    expect(() =>
      assertKnownGuardrails(guardrails, ['waf-public-entri']),
    ).not.toThrow();
  });

  it('reports a bad value as a configuration error naming its key, not as an input error', () => {
    let thrown: unknown;
    try {
      read({ regions: ['eu-west-1'], scan: { concurrency: 0 } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(InputError);
    expect(thrown).toMatchObject({
      name: 'Error',
      message:
        "Invalid config at 'landingZone.scan.concurrency': expected a positive integer, got 0",
    });
    expect(() => read({ regions: [] })).toThrow(
      "Invalid config at 'landingZone.regions': expected at least one region, got []",
    );
    expect(() => read()).toThrow(/^Missing config 'landingZone'/);
  });

  it('gives the organisation role a session name of its own', () => {
    const roleArn = 'arn:aws:iam::111122223333:role/OrgReader';
    const defaults = read({
      regions: ['eu-west-1'],
      organization: { roleArn },
    });
    expect(defaults.organizationRole).toEqual({
      arn: roleArn,
      externalId: undefined,
      sessionName: 'landing-zone-portal-organization',
    });
    expect(defaults.memberRole.sessionName).toBe('landing-zone-portal');

    const configured = read({
      regions: ['eu-west-1'],
      organization: { roleArn, sessionName: 'lz-org-read' },
      memberRole: { sessionName: 'lz-member-read' },
    });
    expect(configured.organizationRole?.sessionName).toBe('lz-org-read');
    expect(configured.memberRole.sessionName).toBe('lz-member-read');
  });

  it('searches 90 days of root activity unless told fewer, and refuses more than CloudTrail keeps', () => {
    expect(read({ regions: ['eu-west-1'] }).scan.rootActivityDays).toBe(90);
    expect(
      read({ regions: ['eu-west-1'], scan: { rootActivityDays: 30 } }).scan
        .rootActivityDays,
    ).toBe(30);
    expect(() =>
      read({ regions: ['eu-west-1'], scan: { rootActivityDays: 120 } }),
    ).toThrow(
      "Invalid config at 'landingZone.scan.rootActivityDays': expected at most 90 (CloudTrail's event history), got 120",
    );
    expect(() =>
      read({ regions: ['eu-west-1'], scan: { rootActivityDays: 0 } }),
    ).toThrow(/expected a positive integer, got 0/);
  });

  it('reads an endpoint override for every AWS service, and config.d.ts documents the same services', () => {
    const endpoints = Object.fromEntries(
      AWS_SERVICES.map(service => [service, `http://${service}.internal`]),
    );
    expect(
      read({ regions: ['eu-west-1'], aws: { endpoints } }).aws.endpoints,
    ).toEqual(endpoints);

    const schema = readFileSync(join(__dirname, '..', 'config.d.ts'), 'utf8');
    const block = /endpoints\?: \{([^}]*)\}/.exec(schema)![1];
    const documented = [...block.matchAll(/^\s*([a-z0-9]+)\?: string;/gm)]
      .map(m => m[1])
      .filter(key => key !== 'default');
    expect(documented).toEqual([...AWS_SERVICES]);
  });
});
