import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  GuardrailAccount,
  PostureSummary,
} from '@internal/plugin-landing-zone-common';
import { screen, within } from '@testing-library/react';
import { landingZoneApiRef } from '../../api';
import {
  configuration,
  definitionOf,
  definitions,
  details,
  mockLandingZoneApi,
  scopedDefinitions,
} from '../testData';
import { GuardrailsPage } from './GuardrailsPage';

const posture: PostureSummary = {
  organization: { accounts: 5, compliant: 3, nonCompliant: 1, unknown: 1 },
  checks: definitions.map(d => ({
    id: d.id,
    title: d.title,
    category: d.category,
    severity: d.severity,
    passing: 4,
    failing: d.id === 'vpc-flow-logs' ? 12 : 0,
    unknown: 0,
  })),
  organizationalUnits: [],
  trend: [],
  visibility: 'all',
};

const failing: GuardrailAccount = {
  account: details.account,
  status: 'fail',
  since: '2026-11-30T08:00:00Z',
  evaluatedAt: '2026-12-02T08:00:00Z',
  evidence: [
    { region: 'eu-west-1', message: 'No flow log on vpc-0abc' },
    // Said by its code: the page's text for it, not the stored message.
    {
      region: 'eu-central-1',
      code: 'region.notScanned',
      message: 'Region was not scanned (as an older backend put it)',
    },
  ],
};

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            'The posture trend of an OU or a guardrail is for those who may read every account',
        },
      }),
      { status: 403, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function render(trend: () => Promise<unknown>) {
  const api = mockLandingZoneApi({
    getPosture: jest.fn().mockResolvedValue(posture),
    listGuardrails: jest.fn().mockResolvedValue({ items: definitions }),
    getGuardrail: jest.fn().mockResolvedValue({
      definition: definitionOf('vpc-flow-logs'),
      counts: { passing: 4, failing: 12, unknown: 0 },
    }),
    getPostureTrend: jest.fn().mockImplementation(trend),
    listGuardrailAccounts: jest
      .fn()
      .mockResolvedValue({ items: [failing], totalCount: 12 }),
  });
  renderInTestApp(
    <TestApiProvider apis={[[landingZoneApiRef, api]]}>
      <GuardrailsPage />
    </TestApiProvider>,
    {
      initialRouteEntries: ['/?check=vpc-flow-logs'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

jest.setTimeout(30_000);
const slow = { timeout: 10_000 };

describe('GuardrailsPage', () => {
  it('lists the failing guardrail first and shows its failing accounts with evidence', async () => {
    const api = render(async () => ({
      items: [
        { day: '2026-12-02', compliant: 4, nonCompliant: 12, unknown: 0 },
      ],
    }));
    const list = await screen.findByRole(
      'navigation',
      { name: 'Guardrails' },
      slow,
    );
    const first = within(list).getAllByRole('button')[0];
    expect(first).toHaveTextContent('VPC flow logs');
    expect(first).toHaveTextContent('12');

    const table = await screen.findByRole(
      'table',
      { name: 'Accounts that fail it' },
      slow,
    );
    const link = within(table).getByRole('link', { name: '決済-prod' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111122223333/guardrails',
    );
    expect(within(table).getByText('No flow log on vpc-0abc')).toBeVisible();
    expect(within(table).getByText('Region was not scanned')).toBeVisible();
    expect(screen.getByText('12 accounts')).toBeInTheDocument();
    expect(api.listGuardrailAccounts).toHaveBeenCalledWith('vpc-flow-logs', {
      status: 'fail',
      cursor: undefined,
      limit: 50,
    });
    expect(api.getPostureTrend).toHaveBeenCalledWith({
      check: 'vpc-flow-logs',
      days: 30,
    });
    expect(
      screen.queryByText(/is for the security and platform teams/),
    ).toBeNull();
  });

  it("tells a team member the guardrail's organisation-wide history is not theirs, and still shows their failing accounts", async () => {
    const error = await forbidden();
    render(() => Promise.reject(error));
    expect(
      await screen.findByText(
        /history across the organisation is for the security and platform teams/,
        {},
        slow,
      ),
    ).toBeInTheDocument();
    // The rest of the view stands: what it checks, and the team's accounts.
    expect(screen.getByText('What it checks')).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Accounts that fail it' }, slow),
    ).toBeInTheDocument();
    expect(screen.queryByText('Not permitted')).toBeNull();
  });
});

describe('GuardrailsPage: scopes as the organisation configured them', () => {
  const counts: Record<string, [number, number, number]> = {
    // failing, unknown, passing
    'vpc-flow-logs': [12, 0, 4],
    'guardduty-enabled': [0, 0, 3],
    'macie-enabled': [1, 0, 1],
    's3-bucket-encryption': [0, 0, 2],
    'iam-no-users': [0, 2, 0],
    // Switched off: judged nowhere.
    'ec2-instance-rotation': [0, 0, 0],
  };
  const scopedPosture: PostureSummary = {
    ...posture,
    checks: scopedDefinitions.map(d => {
      const [failingCount, unknownCount, passingCount] = counts[d.id] ?? [
        0, 0, 5,
      ];
      return {
        id: d.id,
        title: d.title,
        category: d.category,
        severity: d.severity,
        failing: failingCount,
        unknown: unknownCount,
        passing: passingCount,
      };
    }),
  };

  function renderScoped(checkId: string, language: 'en' | 'ja' = 'en') {
    const [failingCount, unknownCount, passingCount] = counts[checkId] ?? [
      0, 0, 5,
    ];
    const api = mockLandingZoneApi({
      getPosture: jest.fn().mockResolvedValue(scopedPosture),
      listGuardrails: jest
        .fn()
        .mockResolvedValue({ items: scopedDefinitions, configuration }),
      getGuardrail: jest.fn().mockResolvedValue({
        definition: scopedDefinitions.find(d => d.id === checkId),
        counts: {
          failing: failingCount,
          unknown: unknownCount,
          passing: passingCount,
        },
      }),
      getPostureTrend: jest.fn().mockResolvedValue({ items: [] }),
      listGuardrailAccounts: jest
        .fn()
        .mockResolvedValue({ items: [], totalCount: 0 }),
    });
    renderInTestApp(
      <TestApiProvider apis={[[landingZoneApiRef, api]]}>
        <GuardrailsPage />
      </TestApiProvider>,
      {
        initialRouteEntries: [`/?check=${checkId}`],
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

  const button = (list: HTMLElement, title: string) =>
    within(list)
      .getAllByRole('button')
      .find(b => b.textContent?.startsWith(title))!;

  it('says in the list where each scoped guardrail is judged, and lists a switched-off one last as off', async () => {
    renderScoped('s3-bucket-encryption');
    const list = await screen.findByRole(
      'navigation',
      { name: 'Guardrails' },
      slow,
    );
    const buttons = within(list).getAllByRole('button');
    expect(buttons[buttons.length - 1]).toHaveTextContent(
      /^Instances are rotatedSwitched off$/,
    );
    expect(button(list, 'Macie watches the data')).toHaveTextContent(
      'Data accounts (OU Data or tag data-classification)',
    );
    expect(button(list, 'GuardDuty is enabled')).toHaveTextContent(
      'Only OU Workloads; except tag env=sandbox',
    );
    expect(button(list, 'EBS encryption by default')).toHaveTextContent(
      'Every account except account 999988887777',
    );
    // The rule (every account) goes without saying.
    expect(button(list, 'VPC flow logs')).toHaveTextContent(
      /^VPC flow logs12$/,
    );

    // The guardrail picked: its scope and the setting its check reads.
    const scope = await screen.findByLabelText('Where it is judged', {}, slow);
    expect(
      within(scope)
        .getAllByRole('definition')
        .map(d => d.textContent),
    ).toEqual([
      'Data accounts (OU Data or tag data-classification)',
      'required',
    ]);
    expect(
      within(scope)
        .getAllByRole('term')
        .map(d => d.textContent),
    ).toEqual(['Where it is judged', 'Customer managed KMS keys']);
  });

  it('says a switched-off guardrail is off, not passing, with the setting it would read', async () => {
    renderScoped('ec2-instance-rotation');
    const scope = await screen.findByLabelText('Where it is judged', {}, slow);
    expect(
      within(scope)
        .getAllByRole('definition')
        .map(d => d.textContent),
    ).toEqual(['Switched off in the configuration', '14 days']);
    expect(within(scope).getByText('Maximum instance age')).toBeInTheDocument();
    // No green mark for a guardrail nobody is judged on: "off", in the
    // list and beside its counts.
    expect(
      screen.getByRole('heading', { name: 'Instances are rotated' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Pass')).toBeNull();
    expect(screen.getAllByText('Switched off')).toHaveLength(2);
  });

  it('says unknown, not pass, for a guardrail no account passes and some could not be judged', async () => {
    renderScoped('iam-no-users');
    const scope = await screen.findByLabelText('Where it is judged', {}, slow);
    expect(scope).toHaveTextContent(
      'Where it is judgedAccounts in Identity-Center-only OUs (OU Workloads)',
    );
    expect(
      screen.getByText('0 failing · 2 unknown · 0 passing'),
    ).toBeInTheDocument();
    expect(screen.getByText('Unknown')).toBeInTheDocument();
    expect(screen.queryByText('Pass')).toBeNull();
  });

  it('says the scope of an included and excluded guardrail', async () => {
    renderScoped('guardduty-enabled');
    const scope = await screen.findByLabelText('Where it is judged', {}, slow);
    expect(scope).toHaveTextContent(
      'Where it is judgedOnly OU Workloads; except tag env=sandbox',
    );
  });

  it('reads in Japanese', async () => {
    renderScoped('s3-bucket-encryption', 'ja');
    const scope = await screen.findByLabelText('判定対象', {}, slow);
    expect(
      within(scope)
        .getAllByRole('definition')
        .map(d => d.textContent),
    ).toEqual([
      'データアカウント (OU Data または タグ data-classification)',
      '必須',
    ]);
    expect(
      within(scope).getByText('カスタマーマネージドキー (KMS)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', {
        name: 'データ用バケットにデフォルト暗号化が設定されている',
      }),
    ).toBeInTheDocument();
    const list = screen.getByRole('navigation', { name: 'ガードレール' });
    expect(button(list, 'EBS のデフォルト暗号化')).toHaveTextContent(
      'アカウント 999988887777 を除くすべてのアカウント',
    );
    expect(
      button(list, 'インスタンスが定期的に入れ替えられている'),
    ).toHaveTextContent(/無効$/);
  });
});
