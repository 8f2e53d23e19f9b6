import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type {
  OrganizationTreeNode,
  PostureMatrix,
  PostureSummary,
  ScanRun,
} from '@internal/plugin-landing-zone-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import {
  configuration,
  definitions,
  details,
  mockLandingZoneApi,
  scopedDefinitions,
} from '../testData';
import { PosturePage } from './PosturePage';

const tree: OrganizationTreeNode = {
  id: 'r-1',
  name: 'Root',
  path: 'Root',
  accountCount: 1,
  compliance: { compliant: 3, nonCompliant: 1, unknown: 0 },
  children: [
    {
      id: 'ou-prod',
      name: 'Prod',
      path: 'Root/Prod',
      accountCount: 2,
      compliance: { compliant: 1, nonCompliant: 1, unknown: 0 },
      children: [],
    },
  ],
};

const posture: PostureSummary = {
  organization: { accounts: 5, compliant: 3, nonCompliant: 1, unknown: 0 },
  checks: definitions.map(d => ({
    id: d.id,
    title: d.title,
    category: d.category,
    severity: d.severity,
    passing: 3,
    failing: d.id === 'vpc-flow-logs' ? 1 : 0,
    unknown: 0,
  })),
  organizationalUnits: [],
  trend: [],
  visibility: 'all',
};

const matrix: PostureMatrix = {
  checks: definitions.map(d => d.id),
  items: [
    {
      account: details.account,
      cells: {
        'vpc-flow-logs': { status: 'fail', since: '2026-11-30T08:00:00Z' },
        'guardduty-enabled': { status: 'pass', since: '2026-11-01T08:00:00Z' },
      },
    },
    {
      // Listed, but neither scanned nor judged: no cells.
      account: {
        ...details.account,
        id: '444455556666',
        name: 'Ancien compte — été 🗄️',
        status: 'SUSPENDED',
        compliance: 'unknown',
        checks: { passing: 0, failing: 0, unknown: 0 },
      },
      cells: {},
    },
  ],
  nextCursor: 'page-2',
  totalCount: 51,
};

const scan: ScanRun = {
  id: 's-1',
  trigger: 'schedule',
  state: 'succeeded',
  startedAt: '2026-12-02T08:12:00Z',
  heartbeatAt: '2026-12-02T08:12:05Z',
  finishedAt: '2026-12-02T08:12:05Z',
  accountsTotal: 5,
  accountsDone: 5,
  accountsFailed: 0,
  errors: [],
};

function render(
  overrides: Parameters<typeof mockLandingZoneApi>[0] = {},
  scanAllowed = true,
  language: 'en' | 'ja' = 'en',
) {
  const api = mockLandingZoneApi({
    getPosture: jest.fn().mockResolvedValue(posture),
    getOrganizationalUnits: jest.fn().mockResolvedValue(tree),
    listGuardrails: jest.fn().mockResolvedValue({ items: definitions }),
    listScans: jest.fn().mockResolvedValue({ items: [scan], totalCount: 1 }),
    getMatrix: jest.fn().mockResolvedValue(matrix),
    ...overrides,
  });
  return {
    api,
    ...renderInTestApp(
      <TestApiProvider
        apis={[
          [landingZoneApiRef, api],
          [catalogApiRef, catalogApiMock({ entities: [] })],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: scanAllowed
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            }),
          ],
        ]}
      >
        <PosturePage />
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
    ),
  };
}

// The page loads recharts and the matrix; a busy CI machine needs more than
// the defaults.
jest.setTimeout(30_000);
const slow = { timeout: 10_000 };

describe('PosturePage', () => {
  it('shows the figures, the OU tree and the matrix, each cell linking to the evidence', async () => {
    const { api } = render();
    expect(await screen.findByText('75 %', {}, slow)).toBeInTheDocument(); // 3 of 4 judged
    expect(screen.getByText('3 / 4')).toBeInTheDocument();
    expect(screen.getByText('1 account')).toBeInTheDocument(); // failing accounts
    expect(screen.getByText(/succeeded/)).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Scan now' }, slow),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Prod/ })).toHaveTextContent(
      '50 % compliant',
    );

    const table = await screen.findByRole(
      'table',
      { name: 'Accounts × guardrails' },
      slow,
    );
    const row = within(table).getByRole('row', { name: /決済-prod/ });
    const failing = within(row).getByRole('link', {
      name: /VPC flow logs: Fail since/,
    });
    expect(failing).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111122223333/guardrails',
    );
    // An account that is not judged shows its state, not "unknown".
    const suspended = within(table).getByRole('row', {
      name: /Ancien compte — été 🗄️/,
    });
    expect(within(suspended).getByText('Suspended')).toBeInTheDocument();
    expect(within(suspended).queryByText('Unknown')).toBeNull();
    expect(
      within(suspended).getAllByLabelText('not evaluated').length,
    ).toBeGreaterThan(0);
    expect(screen.getByText('51 accounts')).toBeInTheDocument();
    expect(api.getMatrix).toHaveBeenCalledWith({
      cursor: undefined,
      limit: 50,
    });
  });

  it('narrows the matrix by OU and guardrail status, and pages on', async () => {
    const { api } = render();
    await screen.findByRole('table', { name: 'Accounts × guardrails' }, slow);

    await userEvent.click(screen.getByRole('button', { name: /Prod/ }));
    await waitFor(() =>
      expect(api.getMatrix).toHaveBeenLastCalledWith({
        ou: 'ou-prod',
        cursor: undefined,
        limit: 50,
      }),
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), {
      target: { value: 'fail' },
    });
    await waitFor(() =>
      expect(api.getMatrix).toHaveBeenLastCalledWith({
        ou: 'ou-prod',
        status: 'fail',
        cursor: undefined,
        limit: 50,
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.getMatrix).toHaveBeenLastCalledWith({
        ou: 'ou-prod',
        status: 'fail',
        cursor: 'page-2',
        limit: 50,
      }),
    );
  });

  it("shows the backend's message when a filter is refused", async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'InputError', message: 'Unknown OU id ou-nope' },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    render({ getMatrix: jest.fn().mockRejectedValue(error) });
    expect(
      await screen.findByText(/Unknown OU id ou-nope/, {}, slow),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('exports exactly the filtered matrix as the backend streams it', async () => {
    const exportMatrixCsv = jest
      .fn()
      .mockResolvedValue(new Blob(['account id\n'], { type: 'text/csv' }));
    URL.createObjectURL = jest.fn(() => 'blob:csv');
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    render({ exportMatrixCsv });
    await screen.findByRole('table', { name: 'Accounts × guardrails' }, slow);
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), {
      target: { value: 'fail' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(exportMatrixCsv).toHaveBeenCalledWith({ status: 'fail' }),
    );
    expect(click).toHaveBeenCalled();
  });

  it("shows a team member their own accounts' figures apart from the organisation's totals", async () => {
    // The policy admits only the team's accounts: the tree counts those (3),
    // the organisation's totals stay whole (40).
    const own: OrganizationTreeNode = {
      ...tree,
      compliance: { compliant: 1, nonCompliant: 2, unknown: 0 },
      children: [
        { ...tree.children[0], compliance: tree.children[0].compliance },
        {
          id: 'ou-infra',
          name: 'Infrastructure',
          path: 'Root/Infrastructure',
          accountCount: 3,
          compliance: { compliant: 0, nonCompliant: 0, unknown: 0 },
          children: [],
        },
      ],
    };
    render(
      {
        getPosture: jest.fn().mockResolvedValue({
          ...posture,
          organization: {
            accounts: 40,
            compliant: 20,
            nonCompliant: 18,
            unknown: 2,
          },
          visibility: 'limited',
        }),
        getOrganizationalUnits: jest.fn().mockResolvedValue(own),
      },
      false,
    );
    const yours = await screen.findByRole(
      'region',
      { name: "Your teams' accounts" },
      slow,
    );
    expect(within(yours).getByText('33 %')).toBeInTheDocument();
    expect(within(yours).getByText('1 / 3')).toBeInTheDocument();
    expect(within(yours).getByText('2 accounts')).toBeInTheDocument();
    const org = screen.getByRole('region', { name: 'The whole organization' });
    expect(within(org).getByText('40')).toBeInTheDocument();
    expect(within(org).getByText('50 %')).toBeInTheDocument();
    expect(within(org).getByText(/Totals only/)).toBeInTheDocument();
    expect(screen.getByText('Your accounts by OU')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /All your accounts/ }),
    ).toHaveTextContent('33 % compliant');
    expect(
      screen.getByRole('button', { name: /Infrastructure/ }),
    ).toHaveTextContent('none of yours');
  });

  it('says who may not scan instead of offering a button that would fail', async () => {
    render({}, false);
    expect(
      await screen.findByText(
        'You are not permitted to start a scan.',
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Scan now' })).toBeNull();
  });
});

describe('PosturePage: guardrails the configuration scopes', () => {
  // 決済-prod sits under Workloads (ou-1), with no data-classification tag;
  // a sandbox account beside it is tagged env=sandbox.
  const workloads: OrganizationTreeNode = {
    ...tree,
    children: [
      {
        id: 'ou-1',
        name: 'Workloads',
        path: 'Root/Workloads',
        accountCount: 2,
        compliance: { compliant: 1, nonCompliant: 1, unknown: 0 },
        children: [],
      },
    ],
  };
  const sandbox = {
    ...details.account,
    id: '777788889999',
    name: 'payments-sandbox',
    tags: { env: 'sandbox' },
  };
  const scopedMatrix: PostureMatrix = {
    checks: scopedDefinitions.map(d => d.id),
    items: [
      {
        account: details.account,
        cells: {
          'vpc-flow-logs': { status: 'fail', since: '2026-11-30T08:00:00Z' },
          'guardduty-enabled': {
            status: 'pass',
            since: '2026-11-01T08:00:00Z',
          },
        },
      },
      {
        account: sandbox,
        cells: {
          'vpc-flow-logs': { status: 'pass', since: '2026-11-30T08:00:00Z' },
        },
      },
    ],
    totalCount: 2,
  };
  const scoped = (language: 'en' | 'ja' = 'en') =>
    render(
      {
        getPosture: jest.fn().mockResolvedValue({
          ...posture,
          checks: scopedDefinitions.map(d => ({
            id: d.id,
            title: d.title,
            category: d.category,
            severity: d.severity,
            passing: 1,
            failing: 0,
            unknown: 0,
          })),
        }),
        getOrganizationalUnits: jest.fn().mockResolvedValue(workloads),
        listGuardrails: jest
          .fn()
          .mockResolvedValue({ items: scopedDefinitions, configuration }),
        getMatrix: jest.fn().mockResolvedValue(scopedMatrix),
      },
      true,
      language,
    );

  it('says why a cell has no verdict, and shows no column for a switched-off guardrail', async () => {
    scoped();
    const table = await screen.findByRole(
      'table',
      { name: 'Accounts × guardrails' },
      slow,
    );
    const heads = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(heads).toContain('Macie watches the data');
    expect(heads).not.toContain('Instances are rotated');
    expect(
      screen.getByText(
        'Switched off in the configuration, so not shown: Instances are rotated',
      ),
    ).toBeInTheDocument();
    // Nor can the matrix be filtered by it.
    const check = screen.getByRole('combobox', { name: 'Guardrail' });
    expect(
      within(check)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).not.toContain('Instances are rotated');

    const prod = within(table).getByRole('row', { name: /決済-prod/ });
    const notData =
      'Not judged in this account: Applies to data accounts only (OU Data or tag data-classification)';
    // Macie and the S3 buckets: data accounts only.
    expect(within(prod).getAllByRole('img', { name: notData })).toHaveLength(2);
    expect(
      within(prod).getAllByRole('img', { name: notData })[0],
    ).toHaveAttribute('title', notData);
    // IAM users are judged under Workloads, and EBS and the module's cost
    // tags everywhere: their empty cells are "not evaluated".
    expect(
      within(prod).getAllByRole('img', { name: 'not evaluated' }),
    ).toHaveLength(3);
    const sandboxRow = within(table).getByRole('row', {
      name: /payments-sandbox/,
    });
    expect(
      within(sandboxRow).getByRole('img', {
        name: 'Not judged in this account: Its configured scope excludes tag env=sandbox',
      }),
    ).toBeInTheDocument();
  });

  it('says it in Japanese', async () => {
    scoped('ja');
    const table = await screen.findByRole(
      'table',
      { name: 'アカウント × ガードレール' },
      slow,
    );
    const prod = within(table).getByRole('row', { name: /決済-prod/ });
    expect(
      within(prod).getAllByRole('img', {
        name: 'このアカウントでは判定対象外: データアカウントのみが対象です (OU Data または タグ data-classification)',
      }),
    ).toHaveLength(2);
    expect(
      screen.getByText(
        '設定で無効化されているため表示していません: インスタンスが定期的に入れ替えられている',
      ),
    ).toBeInTheDocument();
  });
});
