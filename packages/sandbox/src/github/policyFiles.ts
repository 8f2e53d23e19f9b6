import type { Organization, PolicyType } from '../org/types';

/** Where the infrastructure repository keeps the organisation's SCPs and RCPs. */
export const POLICIES_DIR = 'organization/policies';

const FOLDERS: Partial<Record<PolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};

/** A file a seeded repository holds beside its directory's. */
export type SeedFile = { path: string; content: string };

/**
 * The organisation's own SCPs and RCPs as the infrastructure repository keeps
 * them, so that a pull request changing one (the policy-change template)
 * edits a file that is already there: one JSON document per policy,
 * `organization/policies/{scp,rcp}/<name>.json`, indented by two spaces and
 * ending in a newline. Made from the organisation being served, so they are
 * the policies Organizations answers with, whichever file or generator it
 * came from. AWS-managed policies (FullAWSAccess, RCPFullAWSAccess) are not
 * the organisation's to edit, and EC2 declarative policies are another
 * template's business: neither is written.
 */
export function policyFiles(organization: Organization): SeedFile[] {
  const files = organization.policies.flatMap(policy => {
    const folder = FOLDERS[policy.type];
    if (!folder || policy.awsManaged) return [];
    return [
      {
        path: `${POLICIES_DIR}/${folder}/${policy.name}.json`,
        content: `${JSON.stringify(JSON.parse(policy.content), null, 2)}\n`,
      },
    ];
  });
  return [
    { path: `${POLICIES_DIR}/README.md`, content: readme(organization) },
    ...files.sort((a, b) => a.path.localeCompare(b.path)),
  ];
}

function readme(organization: Organization): string {
  const targets = new Map<string, string>([[organization.rootId, 'Root']]);
  for (const unit of organization.organizationalUnits) {
    targets.set(unit.id, unit.path);
  }
  const rows = organization.policies
    .filter(p => FOLDERS[p.type] && !p.awsManaged)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      p =>
        `| ${FOLDERS[p.type]}/${p.name}.json | ${p.id} | ${p.targetIds
          .map(t => targets.get(t) ?? t)
          .join(', ')} |`,
    );
  return [
    '# Organisation policies',
    '',
    "The organisation's service control policies (`scp/`) and resource control",
    'policies (`rcp/`), one JSON document per policy, named as in AWS',
    'Organizations. Change one with a pull request: the portal\'s "Change an SCP',
    'or RCP" template writes the file and puts what the change would do to every',
    'account in the description.',
    '',
    '| File | Policy id | Attached to |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
