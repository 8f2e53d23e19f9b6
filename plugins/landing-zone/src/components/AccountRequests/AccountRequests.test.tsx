import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  AccountRequest,
  LandingZoneVendingApi,
} from '@internal/plugin-landing-zone-common';
import { screen, within } from '@testing-library/react';
import { landingZoneVendingApiRef } from '../../api';
import { AccountRequestsPage } from './AccountRequestsPage';
import { stagesOf } from './stages';

const base: AccountRequest = {
  id: 'req-1',
  accountName: '決済-sandbox',
  email: 'aws+payments-sbx@example.com',
  ouId: 'ou-sbx',
  ouPath: 'Root/Sandbox',
  environment: 'sandbox',
  regions: ['eu-west-1'],
  monthlyBudgetUsd: 300,
  requestedBy: 'user:default/pat-payments',
  slug: 'payments-sandbox',
  state: 'open',
  cidr: '10.128.0.0/20',
  pullRequest: {
    url: 'http://127.0.0.1:4566/github/lz-demo/infrastructure/pull/3',
    owner: 'lz-demo',
    repo: 'infrastructure',
    number: 3,
    state: 'open',
    headSha: 'abc',
    statuses: [
      {
        context: 'atlantis/plan',
        state: 'success',
        description: 'Plan: 4 to add',
      },
      {
        context: 'landing-zone/guardrails',
        state: 'success',
        description: 'Inherits 7/7 preventive guardrails',
      },
    ],
  },
  createdAt: '2026-12-02T10:00:00Z',
  updatedAt: '2026-12-02T10:01:00Z',
};

const stateOf = (r: AccountRequest) =>
  Object.fromEntries(stagesOf(r).map(s => [s.key, s.state]));

describe('stagesOf', () => {
  it('follows a request from pull request to compliant account', () => {
    expect(
      stateOf({
        ...base,
        pullRequest: { ...base.pullRequest, statuses: [] },
      }),
    ).toEqual({
      opened: 'done',
      checks: 'current',
      merged: 'waiting',
      seen: 'waiting',
      compliant: 'waiting',
    });
    expect(stateOf(base)).toMatchObject({ checks: 'done', merged: 'current' });
    const merged = {
      ...base,
      state: 'merged' as const,
      pullRequest: {
        ...base.pullRequest,
        state: 'merged' as const,
        mergedAt: '2026-12-02T11:00:00Z',
      },
    };
    expect(stateOf(merged)).toMatchObject({ merged: 'done', seen: 'current' });
    const account = {
      id: '123456789012',
      name: '決済-sandbox',
      seenAt: '2026-12-02T11:05:00Z',
      compliance: 'non-compliant' as const,
      checks: { passing: 19, failing: 1, unknown: 0 },
    };
    expect(
      stateOf({ ...merged, state: 'account-seen', account }),
    ).toMatchObject({ seen: 'done', compliant: 'current' });
    expect(
      stateOf({
        ...merged,
        state: 'compliant',
        account: { ...account, compliance: 'compliant' },
      }),
    ).toMatchObject({ seen: 'done', compliant: 'done' });
  });

  it('stops at a failing check, and at the merge when closed unmerged', () => {
    const failing = {
      ...base,
      pullRequest: {
        ...base.pullRequest,
        statuses: [{ context: 'atlantis/plan', state: 'failure' as const }],
      },
    };
    expect(stateOf(failing)).toMatchObject({
      checks: 'failed',
      merged: 'waiting',
    });
    expect(
      stateOf({
        ...base,
        state: 'closed',
        pullRequest: { ...base.pullRequest, state: 'closed', statuses: [] },
      }),
    ).toMatchObject({ checks: 'waiting', merged: 'failed', seen: 'waiting' });
  });
});

function render(path: string, api: Partial<LandingZoneVendingApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[[landingZoneVendingApiRef, api as LandingZoneVendingApi]]}
    >
      <AccountRequestsPage />
    </TestApiProvider>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

jest.setTimeout(30_000);

describe('AccountRequestsPage', () => {
  it('lists each request with its pull request and how far it got', async () => {
    const listAccountRequests = jest.fn().mockResolvedValue({
      items: [base],
      totalCount: 1,
    });
    await render('/', { listAccountRequests });
    const table = await screen.findByRole('table', {
      name: 'Account requests',
    });
    const row = within(table).getByRole('row', { name: /決済-sandbox/ });
    expect(
      within(row).getByRole('link', {
        name: 'lz-demo/infrastructure#3 (open)',
      }),
    ).toHaveAttribute('href', base.pullRequest.url);
    const merged = within(row).getByText('Merged').closest('li');
    expect(merged).toHaveAttribute('data-state', 'current');
    expect(within(row).getByText('Root/Sandbox')).toBeInTheDocument();
    expect(screen.getByText('1 request')).toBeInTheDocument();
    expect(listAccountRequests).toHaveBeenCalledWith({
      state: undefined,
      cursor: undefined,
      limit: 25,
    });
  });

  it('says how to make the first request when there is none', async () => {
    await render('/', {
      listAccountRequests: jest
        .fn()
        .mockResolvedValue({ items: [], totalCount: 0 }),
    });
    expect(
      await screen.findByText('No account requests yet.'),
    ).toBeInTheDocument();
  });

  it("shows one request's checks as GitHub reports them, and the account once seen", async () => {
    const getAccountRequest = jest.fn().mockResolvedValue({
      ...base,
      state: 'account-seen',
      pullRequest: {
        ...base.pullRequest,
        state: 'merged',
        mergedAt: '2026-12-02T11:00:00Z',
      },
      account: {
        id: '123456789012',
        name: '決済-sandbox',
        seenAt: '2026-12-02T11:05:00Z',
        compliance: 'non-compliant',
        checks: { passing: 19, failing: 1, unknown: 0 },
      },
      portalStatus: {
        context: 'landing-zone/guardrails',
        state: 'success',
        description: 'Inherits 7/7 preventive guardrails',
        sha: 'abc',
        postedAt: '2026-12-02T10:01:00Z',
        guardrails: [
          {
            checkId: 'scp-deny-leave-org',
            title: 'Accounts cannot leave the organization',
            status: 'pass',
          },
        ],
        conflicts: [],
      },
    });
    await render('/req-1', { getAccountRequest });
    const checks = await screen.findByRole('list', {
      name: 'Checks on the pull request',
    });
    expect(within(checks).getByText('atlantis/plan')).toBeInTheDocument();
    expect(within(checks).getByText(/Plan: 4 to add/)).toBeInTheDocument();
    expect(getAccountRequest).toHaveBeenCalledWith('req-1');
    expect(
      screen.getByRole('link', { name: '決済-sandbox (123456789012)' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-123456789012/guardrails',
    );
    const progress = screen.getByRole('list', { name: 'Progress' });
    expect(
      within(progress).getByText('Account seen').closest('li'),
    ).toHaveAttribute('data-state', 'done');
    expect(
      within(progress).getByText('Compliant').closest('li'),
    ).toHaveAttribute('data-state', 'current');
    expect(
      screen.getByRole('table', { name: 'Guardrails the account inherits' }),
    ).toHaveTextContent('Accounts cannot leave the organization');
  });

  it('says so when the request does not exist', async () => {
    await render('/nope', {
      getAccountRequest: jest.fn().mockResolvedValue(undefined),
    });
    expect(
      await screen.findByText('There is no account request nope.'),
    ).toBeInTheDocument();
  });
});
