import type { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { GroupAccounts } from './GroupAccounts';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments' },
  spec: { type: 'team', children: [] },
};

function account(
  id: string,
  title: string,
  owner: string,
  compliance: string,
  failing: number,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `aws-account-${id}`,
      title,
      annotations: {
        'amazonaws.com/account-id': id,
        'landing-zone.io/compliance': compliance,
        'landing-zone.io/failing-guardrails': String(failing),
      },
    },
    spec: { type: 'aws-account', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

function render(entities: Entity[]) {
  return renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApiMock({ entities })]]}>
      <EntityProvider entity={group}>
        <GroupAccounts />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('GroupAccounts', () => {
  it("lists the team's accounts, non-compliant first, each linking to its page", async () => {
    await render([
      account(
        '111111111111',
        'payments-prod',
        'group:default/team-payments',
        'compliant',
        0,
      ),
      account(
        '222222222222',
        'payments-stage',
        'group:default/team-payments',
        'non-compliant',
        1,
      ),
      account(
        '333333333333',
        'ledger-prod',
        'group:default/team-ledger',
        'non-compliant',
        4,
      ),
    ]);

    const table = await screen.findByRole('grid', { name: 'Our AWS accounts' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByRole('link', { name: 'payments-stage' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-222222222222',
    );
    expect(within(rows[0]).getByText('Non-compliant')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('1 failing guardrail'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('payments-prod')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Compliant')).toBeInTheDocument();
    expect(screen.queryByText('ledger-prod')).toBeNull();
  });

  it('says how an account comes to be owned when the team owns none', async () => {
    await render([]);
    expect(
      await screen.findByText(/This team owns no AWS account/),
    ).toBeInTheDocument();
  });
});
