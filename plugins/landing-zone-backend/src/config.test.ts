import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_SERVICES } from './collect/services';
import { readLandingZoneSettings } from './config';

const read = (landingZone?: JsonObject) =>
  readLandingZoneSettings(new ConfigReader(landingZone ? { landingZone } : {}));

describe('readLandingZoneSettings', () => {
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
