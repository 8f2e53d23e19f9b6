import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  type AlertRecord,
  type AlertsQuery,
  guardrailCatalogue,
  type LandingZoneApi,
  type Page,
} from '@internal/plugin-landing-zone-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import { guardrailsJa } from '../../translations/guardrailsJa';
import { accountEntity } from '../testData';
import { AccountAlerts } from './AccountAlerts';
import { AlertsPage } from './AlertsPage';

jest.setTimeout(30_000);

/** A LandingZoneApi whose methods fail unless a test gives them a body. */
function mockApi(overrides: Partial<LandingZoneApi>): LandingZoneApi {
  return new Proxy(overrides, {
    get: (target, key) =>
      target[key as keyof LandingZoneApi] ??
      (() => Promise.reject(new Error(`unexpected call ${String(key)}`))),
  }) as LandingZoneApi;
}

const minutesAgo = (n: number) =>
  new Date(Date.now() - n * 60_000).toISOString();

const guardDuty = guardrailCatalogue.find(d => d.id === 'guardduty-enabled')!;
const flowLogs = guardrailCatalogue.find(d => d.id === 'vpc-flow-logs')!;

const regression: AlertRecord = {
  id: 'a1',
  scanId: 'scan-2',
  kind: 'regression',
  accountId: '111122223333',
  accountName: 'payments-prod',
  checkId: 'guardduty-enabled',
  severity: 'high',
  recipients: ['group:default/team-payments', 'group:default/security-team'],
  createdAt: minutesAgo(3),
  notifiedAt: minutesAgo(2),
};
const recovery: AlertRecord = {
  id: 'a2',
  scanId: 'scan-2',
  kind: 'recovery',
  accountId: '444455556666',
  accountName: 'cards-staging',
  checkId: 'vpc-flow-logs',
  severity: 'low',
  recipients: ['group:default/team-cards'],
  createdAt: minutesAgo(3),
  notifiedAt: minutesAgo(2),
};
const stale: AlertRecord = {
  id: 'a3',
  scanId: 'scan-2',
  kind: 'stale',
  accountId: '777788889999',
  accountName: 'legacy-batch',
  severity: 'medium',
  staleReason: 'sts:AssumeRole: AccessDenied',
  recipients: ['group:default/team-data'],
  createdAt: minutesAgo(3),
};
const newAccount: AlertRecord = {
  id: 'a4',
  scanId: 'scan-2',
  kind: 'new-account',
  accountId: '123412341234',
  accountName: 'shadow-it',
  severity: 'medium',
  ouPath: 'Root/Unsorted',
  recipients: ['group:default/platform', 'group:default/security-team'],
  createdAt: minutesAgo(3),
  notifiedAt: minutesAgo(2),
};
const rootActivity: AlertRecord = {
  id: 'a5',
  scanId: 'scan-1',
  kind: 'root-activity',
  accountId: '222233334444',
  accountName: 'auth-prod',
  severity: 'critical',
  events: [
    {
      eventId: 'e1',
      eventName: 'ConsoleLogin',
      eventTime: '2026-12-01T08:12:00Z',
      region: 'us-east-1',
      sourceIpAddress: '203.0.113.7',
    },
    {
      eventId: 'e2',
      eventName: 'CreateAccessKey',
      eventTime: '2026-12-01T08:14:00Z',
    },
  ],
  recipients: ['group:default/team-identity', 'group:default/security-team'],
  createdAt: minutesAgo(90),
  notifiedAt: minutesAgo(89),
};

const page = (
  items: AlertRecord[],
  extra: Partial<Page<AlertRecord>> = {},
): Page<AlertRecord> => ({ items, totalCount: items.length, ...extra });

function renderPage(
  api: LandingZoneApi,
  options: { path?: string; language?: 'en' | 'ja' } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[landingZoneApiRef, api]]}>
      <AlertsPage />
    </TestApiProvider>,
    {
      initialRouteEntries: [options.path ?? '/'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        mockApis.appLanguage({
          defaultLanguage: options.language ?? 'en',
          availableLanguages: ['en', 'ja'],
        }),
      ],
    },
  );
}

/** The alerts table's own rows (a root activity row holds a table of its events). */
async function rows(name = 'Alerts') {
  const table = await screen.findByRole('table', { name });
  return Array.from((table as HTMLTableElement).tBodies[0].rows);
}

const rowOf = async (text: string) =>
  (await rows()).find(r => within(r).queryByText(text))!;

describe('AlertsPage', () => {
  it('shows each kind of alert: what, severity, the account, what it is about, to whom and when it was sent', async () => {
    const listAlerts = jest
      .fn()
      .mockResolvedValue(
        page([regression, recovery, stale, newAccount, rootActivity]),
      );
    await renderPage(mockApi({ listAlerts }));
    expect(await rows()).toHaveLength(5);
    expect(listAlerts).toHaveBeenCalledWith({
      kind: undefined,
      cursor: undefined,
      limit: 25,
      scanId: undefined,
    });

    // A regression: the guardrail's title, linking to the evidence.
    const r1 = await rowOf('payments-prod');
    expect(within(r1).getByText('Regression')).toBeInTheDocument();
    expect(within(r1).getByText('High severity')).toBeInTheDocument();
    expect(
      within(r1).getByRole('link', { name: 'payments-prod' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111122223333/guardrails',
    );
    expect(within(r1).getByText('111122223333')).toBeInTheDocument();
    expect(
      within(r1).getByRole('link', { name: guardDuty.title }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111122223333/guardrails',
    );
    expect(within(r1).getByText('passed, now fails')).toBeInTheDocument();
    expect(
      within(r1).getByRole('link', { name: 'team-payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-payments');
    expect(
      within(r1).getByRole('link', { name: 'security-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/security-team');
    expect(within(r1).getByText(/Sent/)).toHaveTextContent(
      'Sent 2 minutes ago',
    );
    expect(within(r1).getByText('3 minutes ago')).toBeInTheDocument();
    // Every other alert of its scan, one click away.
    expect(
      within(r1).getByRole('link', { name: "This scan's alerts" }),
    ).toHaveAttribute('href', '/landing-zone/alerts?scan=scan-2');

    const r2 = await rowOf('cards-staging');
    expect(within(r2).getByText('Recovery')).toBeInTheDocument();
    expect(within(r2).getByText('Low severity')).toBeInTheDocument();
    expect(within(r2).getByText(flowLogs.title)).toBeInTheDocument();
    expect(within(r2).getByText('passes again')).toBeInTheDocument();

    // Stale, with its reason; held back (no notifiedAt).
    const r3 = await rowOf('legacy-batch');
    expect(within(r3).getByText('No longer read')).toBeInTheDocument();
    expect(within(r3).getByText('Medium severity')).toBeInTheDocument();
    expect(
      within(r3).getByText(
        'The scan could not read it: sts:AssumeRole: AccessDenied',
      ),
    ).toBeInTheDocument();
    expect(
      within(r3).getByText(
        'Not sent yet: waiting for the end of quiet hours (or the next try)',
      ),
    ).toBeInTheDocument();

    const r4 = await rowOf('shadow-it');
    expect(
      within(r4).getByText('New account outside the known OUs'),
    ).toBeInTheDocument();
    expect(
      within(r4).getByText(
        'First seen in Root/Unsorted, outside the known OUs',
      ),
    ).toBeInTheDocument();
    expect(within(r4).getByRole('link', { name: 'platform' })).toBeVisible();

    // Root activity: each event with its time, name, region and source IP.
    const r5 = await rowOf('auth-prod');
    expect(within(r5).getByText('Root user activity')).toBeInTheDocument();
    expect(within(r5).getByText('Critical severity')).toBeInTheDocument();
    const events = within(r5).getByRole('table', {
      name: "The root user's events",
    });
    const eventRows = within(events).getAllByRole('row').slice(1);
    expect(eventRows.map(r => r.textContent)).toEqual([
      expect.stringMatching(/ConsoleLoginus-east-1203\.0\.113\.7$/),
      expect.stringMatching(/CreateAccessKeyglobal—$/),
    ]);
    expect(
      within(eventRows[0]).getByText(
        new Date('2026-12-01T08:12:00Z').toLocaleString('en'),
      ),
    ).toHaveAttribute('datetime', '2026-12-01T08:12:00Z');
  });

  it('pages on the server: Next page with the cursor, Previous page back one', async () => {
    const first = { ...regression, id: 'p1', accountName: 'page-one' };
    const second = { ...regression, id: 'p2', accountName: 'page-two' };
    const third = { ...regression, id: 'p3', accountName: 'page-three' };
    const listAlerts = jest.fn(async ({ cursor }: AlertsQuery = {}) => {
      if (cursor === 'c2') {
        return page([second], { totalCount: 3, nextCursor: 'c3' });
      }
      if (cursor === 'c3') return page([third], { totalCount: 3 });
      return page([first], { totalCount: 3, nextCursor: 'c2' });
    });
    await renderPage(mockApi({ listAlerts }));
    expect(await screen.findByText('page-one')).toBeInTheDocument();
    expect(screen.getByText('3 alerts')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Previous page' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('page-two')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('page-three')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Next page' })).toBeNull();
    expect(listAlerts).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'c3', limit: 25 }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('page-two')).toBeInTheDocument();
    expect(listAlerts).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'c2' }),
    );
  });

  it('filters by kind, starting again at the first page', async () => {
    const listAlerts = jest.fn(async ({ kind, cursor }: AlertsQuery = {}) => {
      if (kind === 'root-activity') return page([rootActivity]);
      return cursor
        ? page([recovery], { totalCount: 2 })
        : page([regression], { totalCount: 2, nextCursor: 'c2' });
    });
    await renderPage(mockApi({ listAlerts }));
    await screen.findByText('payments-prod');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('cards-staging');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Kind' }),
      'Root user activity',
    );
    expect(await screen.findByText('auth-prod')).toBeInTheDocument();
    expect(listAlerts).toHaveBeenLastCalledWith({
      kind: 'root-activity',
      cursor: undefined,
      limit: 25,
      scanId: undefined,
    });
    expect(screen.queryByText('cards-staging')).toBeNull();
  });

  it("shows one scan's alerts for ?scan=, with the way back to all", async () => {
    const listAlerts = jest.fn().mockResolvedValue(page([regression]));
    await renderPage(mockApi({ listAlerts }), { path: '/?scan=scan-2' });
    expect(
      await screen.findByRole('heading', { name: 'Alerts of scan scan-2' }),
    ).toBeInTheDocument();
    expect(listAlerts).toHaveBeenCalledWith(
      expect.objectContaining({ scanId: 'scan-2' }),
    );
    expect(screen.getByRole('link', { name: '← All alerts' })).toHaveAttribute(
      'href',
      '/landing-zone/alerts',
    );
    // Already in one scan: no link to it on each row.
    expect(
      screen.queryByRole('link', { name: "This scan's alerts" }),
    ).toBeNull();
  });

  it('says what the page will show, and when, while there is nothing', async () => {
    await renderPage(mockApi({ listAlerts: async () => page([]) }));
    expect(await screen.findByText('No alerts yet')).toBeInTheDocument();
    expect(
      screen.getByText(
        /After each scan this page lists what the scan turned around/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says a scan told nothing, and a kind has none, in their own words', async () => {
    await renderPage(mockApi({ listAlerts: async () => page([]) }), {
      path: '/?scan=scan-9',
    });
    expect(
      await screen.findByText('Nothing to tell from this scan'),
    ).toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Kind' }),
      'Recovery',
    );
    expect(
      await screen.findByText('No alert of this kind'),
    ).toBeInTheDocument();
  });

  it('says "not permitted" to a reader who may not see every account', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderPage(mockApi({ listAlerts: () => Promise.reject(error) }));
    expect(await screen.findByText('Not permitted')).toBeInTheDocument();
  });

  it('reads in Japanese: the kind, severity, guardrail and delivery', async () => {
    await renderPage(
      mockApi({ listAlerts: async () => page([regression, stale]) }),
      { language: 'ja' },
    );
    const [r1, r2] = await rows('アラート');
    expect(within(r1).getByText('悪化')).toBeInTheDocument();
    expect(within(r1).getByText('重要度: 高')).toBeInTheDocument();
    expect(
      within(r1).getByRole('link', {
        name: guardrailsJa['guardduty-enabled'].title,
      }),
    ).toBeInTheDocument();
    expect(within(r1).getByText('合格 → 不合格')).toBeInTheDocument();
    expect(within(r1).getByText(/送信済み/)).toBeInTheDocument();
    expect(within(r2).getByText('読み取り不可')).toBeInTheDocument();
    expect(
      within(r2).getByText(
        'スキャンで読み取れませんでした: sts:AssumeRole: AccessDenied',
      ),
    ).toBeInTheDocument();
    expect(within(r2).getByText(/^未送信/)).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: '送信先' }),
    ).toBeInTheDocument();
    expect(screen.getByText('アラート 2 件')).toBeInTheDocument();
  });
});

function renderTab(api: LandingZoneApi, language: 'en' | 'ja' = 'en') {
  return renderInTestApp(
    <TestApiProvider apis={[[landingZoneApiRef, api]]}>
      <EntityProvider entity={accountEntity}>
        <AccountAlerts />
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

describe('AccountAlerts', () => {
  it("lists the account's alerts, without an account column", async () => {
    const listAccountAlerts = jest
      .fn()
      .mockResolvedValue(
        page([regression, { ...regression, id: 'a0', kind: 'recovery' }]),
      );
    await renderTab(mockApi({ listAccountAlerts }));
    const table = await screen.findByRole('table', { name: 'Alerts' });
    expect(listAccountAlerts).toHaveBeenCalledWith('111122223333', {
      kind: undefined,
      cursor: undefined,
      limit: 25,
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['When', 'What', 'Details', 'Sent to']);
    const [r1, r2] = within(table).getAllByRole('row').slice(1);
    expect(within(r1).getByText('Regression')).toBeInTheDocument();
    expect(within(r1).getByText(guardDuty.title)).toBeInTheDocument();
    expect(within(r2).getByText('Recovery')).toBeInTheDocument();
    expect(within(r2).getByText('passes again')).toBeInTheDocument();
    expect(screen.queryByText('payments-prod')).toBeNull();
  });

  it('says what will show here while the account has no alerts, in Japanese too', async () => {
    await renderTab(mockApi({ listAccountAlerts: async () => page([]) }), 'ja');
    expect(
      await screen.findByText('このアカウントのアラートはまだありません'),
    ).toBeInTheDocument();
  });

  it('says the account is not scanned yet on a 404', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No account 111122223333' },
        }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderTab(
      mockApi({ listAccountAlerts: () => Promise.reject(error) }),
    );
    expect(
      await screen.findByText('Not in the landing zone yet'),
    ).toBeInTheDocument();
  });
});
