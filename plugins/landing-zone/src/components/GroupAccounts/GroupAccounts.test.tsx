import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
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
  state = 'ACTIVE',
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
        'landing-zone.io/account-status': state,
      },
    },
    spec: { type: 'aws-account', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

function render(entities: Entity[], language: 'en' | 'ja' = 'en') {
  return renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApiMock({ entities })]]}>
      <EntityProvider entity={group}>
        <GroupAccounts />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        mockApis.appLanguage({
          defaultLanguage: language,
          availableLanguages: ['en', 'ja'],
        }),
      ],
    },
  );
}

const owner = 'group:default/team-payments';
// AWS allows 1 to 50 characters of any kind in an account name.
const fiftyJapanese = '決済基盤本番環境アカウント'.repeat(4).slice(0, 50);
const withStates = [
  account('444444444444', '決済-archive 🗄️', owner, 'unknown', 0, 'CLOSED'),
  account('555555555555', fiftyJapanese, owner, 'unknown', 0, 'SUSPENDED'),
  account('666666666666', 'paiements-été 💶', owner, 'non-compliant', 2),
  account('777777777777', 'leaving', owner, 'unknown', 0, 'PENDING_CLOSURE'),
  account('888888888888', 'payments-prod', owner, 'compliant', 0),
];

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

  it('shows Unicode names whole, and accounts that are not judged last, with their state', async () => {
    await render(withStates);
    const table = await screen.findByRole('grid', { name: 'Our AWS accounts' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('rowheader')[0].textContent),
    ).toEqual([
      'paiements-été 💶',
      'payments-prod',
      // Not judged, by name.
      'leaving',
      '決済-archive 🗄️',
      fiftyJapanese,
    ]);
    expect([...fiftyJapanese]).toHaveLength(50);
    expect(
      within(rows[4]).getByRole('link', { name: fiftyJapanese }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-555555555555',
    );
    expect(
      within(rows[0]).getByText('2 failing guardrails'),
    ).toBeInTheDocument();
    const stateOf = (row: HTMLElement) =>
      row.querySelector('[data-state]')?.getAttribute('data-state');
    expect(rows.map(stateOf)).toEqual([
      undefined,
      undefined,
      'PENDING_CLOSURE',
      'CLOSED',
      'SUSPENDED',
    ]);
    expect(within(rows[2]).getByText('Pending closure')).toBeInTheDocument();
    expect(within(rows[3]).getByText('Closed')).toBeInTheDocument();
    expect(within(rows[4]).getByText('Suspended')).toBeInTheDocument();
    for (const row of rows.slice(2)) {
      expect(within(row).getByText('not judged')).toBeInTheDocument();
      expect(within(row).queryByText('Unknown')).toBeNull();
    }
  });

  it('says the states in Japanese', async () => {
    await render(withStates, 'ja');
    const table = await screen.findByRole('grid', {
      name: 'チームの AWS アカウント',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('非準拠')).toBeInTheDocument();
    expect(within(rows[2]).getByText('閉鎖保留中')).toBeInTheDocument();
    expect(within(rows[3]).getByText('閉鎖済み')).toBeInTheDocument();
    expect(within(rows[4]).getByText('停止中')).toBeInTheDocument();
    expect(within(rows[4]).getByText('評価対象外')).toBeInTheDocument();
  });

  it('says how an account comes to be owned when the team owns none', async () => {
    await render([]);
    expect(
      await screen.findByText(/This team owns no AWS account/),
    ).toBeInTheDocument();
  });
});
