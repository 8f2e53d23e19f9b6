import type {
  AccountIdentity,
  OrganizationFacts,
} from '@internal/plugin-landing-zone-common';

/** The ids of testOrganization's root and OUs, shaped as AWS shapes them. */
export const OU = {
  root: 'r-t3st',
  workloads: 'ou-t3st-w0rkl0ad',
  prod: 'ou-t3st-pr0dpr0d',
  qa: 'ou-t3st-qaqaqaqa',
  sandbox: 'ou-t3st-sandb0x0',
};

/** A small organisation for store and API tests: Root › Workloads › {Prod, QA}; Sandbox beside Workloads. */
export const testOrganization: OrganizationFacts = {
  organizationId: 'o-t3st',
  managementAccountId: '111111111111',
  rootId: OU.root,
  units: [
    { id: OU.root, name: 'Root', path: 'Root' },
    {
      id: OU.workloads,
      parentId: OU.root,
      name: 'Workloads',
      path: 'Root/Workloads',
    },
    {
      id: OU.prod,
      parentId: OU.workloads,
      name: 'Prod',
      path: 'Root/Workloads/Prod',
    },
    {
      id: OU.qa,
      parentId: OU.workloads,
      name: 'QA',
      path: 'Root/Workloads/QA',
    },
    {
      id: OU.sandbox,
      parentId: OU.root,
      name: 'Sandbox',
      path: 'Root/Sandbox',
    },
  ],
  policies: [],
};

/** An active account of testOrganization, directly in `ou`. */
export function testAccount(
  id: string,
  ou: string,
  name = `acct-${id}`,
): AccountIdentity {
  const parentIds: string[] = [];
  const parentOf = new Map(testOrganization.units.map(u => [u.id, u.parentId]));
  for (let p = parentOf.get(ou); p; p = parentOf.get(p)) parentIds.unshift(p);
  return {
    id,
    name,
    email: `${name}@example.com`,
    status: 'ACTIVE',
    tags: {},
    parentId: ou,
    parentIds,
    ouPath: testOrganization.units.find(u => u.id === ou)!.path,
    environment: 'unknown',
  };
}
