import type {
  AccountIdentity,
  OrganizationFacts,
} from '@internal/plugin-landing-zone-common';

/** A small organisation for store tests: Root › Workloads › {Prod, QA}; Sandbox beside Workloads. */
export const testOrganization: OrganizationFacts = {
  organizationId: 'o-1',
  managementAccountId: '111111111111',
  rootId: 'r-1',
  units: [
    { id: 'r-1', name: 'Root', path: 'Root' },
    { id: 'ou-w', parentId: 'r-1', name: 'Workloads', path: 'Root/Workloads' },
    {
      id: 'ou-p',
      parentId: 'ou-w',
      name: 'Prod',
      path: 'Root/Workloads/Prod',
    },
    { id: 'ou-q', parentId: 'ou-w', name: 'QA', path: 'Root/Workloads/QA' },
    { id: 'ou-s', parentId: 'r-1', name: 'Sandbox', path: 'Root/Sandbox' },
  ],
  policies: [],
};

const parentIds: Record<string, string[]> = {
  'r-1': [],
  'ou-w': ['r-1'],
  'ou-p': ['r-1', 'ou-w'],
  'ou-q': ['r-1', 'ou-w'],
  'ou-s': ['r-1'],
};

/** An active account of testOrganization, directly in `ou`. */
export function testAccount(
  id: string,
  ou: string,
  name = `acct-${id}`,
): AccountIdentity {
  return {
    id,
    name,
    email: `${name}@example.com`,
    status: 'ACTIVE',
    tags: {},
    parentId: ou,
    parentIds: parentIds[ou],
    ouPath: testOrganization.units.find(u => u.id === ou)!.path,
    environment: 'unknown',
  };
}
