import {
  DefaultNamespaceEntityPolicy,
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import type { AccountSummary } from '@internal/plugin-landing-zone-common';
import {
  accountEntity,
  ANNOTATION_ACCOUNT_STATUS,
  LABEL_ACCOUNT_STATE,
} from './entities';

// The policies the catalog applies to every entity it ingests.
const catalogPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

function account(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: '123456789012',
    name: 'workload',
    email: 'aws+workload@example.com',
    status: 'ACTIVE',
    tags: {},
    parentId: 'ou-abcd-11111111',
    parentIds: ['r-abcd', 'ou-abcd-11111111'],
    ouPath: 'Root/Workloads/Prod',
    environment: 'prod',
    compliance: 'compliant',
    checks: { passing: 10, failing: 0, unknown: 0 },
    ...overrides,
  };
}

async function accepted(entity: Entity): Promise<Entity> {
  const result = await catalogPolicies.enforce(entity);
  expect(result).toBeDefined();
  return result!;
}

describe('accountEntity', () => {
  // AWS allows 1 to 50 characters of any kind in an account name.
  const fiftyJapanese =
    '本番環境の決済基盤と会計システムを運用するためのアカウント'
      .repeat(2)
      .slice(0, 50);

  it.each([
    ['an emoji', '決済-prod 🚀'],
    ['50 Japanese characters', fiftyJapanese],
    ['accents and spaces', 'Équipe données — été'],
    ['one character', 'x'],
  ])(
    'keeps a name with %s as the title; the entity name comes from the id',
    async (_, name) => {
      const entity = await accepted(
        accountEntity(account({ name }), 'group:default/team-payments'),
      );
      expect(entity.metadata.title).toBe(name);
      expect(entity.metadata.name).toBe('aws-account-123456789012');
    },
  );

  it('takes the 50-character name whole', () => {
    expect([...fiftyJapanese]).toHaveLength(50);
    const entity = accountEntity(
      account({ name: fiftyJapanese }),
      'group:default/team-payments',
    );
    expect(entity.metadata.title).toBe(fiftyJapanese);
  });

  it.each([
    ['ACTIVE', 'active'],
    ['SUSPENDED', 'suspended'],
    ['PENDING_ACTIVATION', 'pending-activation'],
    ['PENDING_CLOSURE', 'pending-closure'],
    ['CLOSED', 'closed'],
    // A state AWS may add later is kept as well, in the same form.
    ['ON_HOLD', 'on-hold'],
  ])(
    'keeps an account in state %s, with the state as annotation and label %s',
    async (status, label) => {
      const entity = await accepted(
        accountEntity(
          account({
            status,
            // What the landing zone reports for an account it does not judge.
            compliance: status === 'ACTIVE' ? 'compliant' : 'unknown',
            checks: { passing: 0, failing: 0, unknown: 0 },
          }),
          'group:default/team-payments',
          { organizationId: 'o-abcd1234', managementAccountId: '999999999999' },
        ),
      );
      expect(entity.metadata.annotations?.[ANNOTATION_ACCOUNT_STATUS]).toBe(
        status,
      );
      expect(entity.metadata.labels).toEqual({
        environment: 'prod',
        compliance: status === 'ACTIVE' ? 'compliant' : 'unknown',
        [LABEL_ACCOUNT_STATE]: label,
      });
    },
  );
});
