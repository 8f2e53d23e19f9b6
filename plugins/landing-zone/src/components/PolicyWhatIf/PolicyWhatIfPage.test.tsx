import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  guardrailCatalogue,
  type LandingZoneApi,
  type OrganizationTreeNode,
  type PolicyWhatIfResult,
} from '@internal/plugin-landing-zone-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import {
  details,
  mockLandingZoneApi,
  policies,
  regionAllowList,
} from '../testData';
import { PolicyWhatIfPage } from './PolicyWhatIfPage';

const guardrails = {
  items: guardrailCatalogue,
  configuration: {},
};

// Removing us-west-2: two accounts lose it; one RCP sample turns around too.
const result: PolicyWhatIfResult = {
  problems: [],
  reached: 3,
  accounts: [
    {
      accountId: '111122223333',
      name: 'payments-prod',
      changes: [
        {
          checkId: 'scp-region-allow-list',
          before: 'pass',
          after: 'fail',
          evidence: [
            {
              region: 'us-west-2',
              message:
                'Allowed region blocked: ec2:RunInstances is denied by region-allow-list',
            },
          ],
        },
        {
          checkId: 'rcp-secure-transport',
          before: 'fail',
          after: 'pass',
          evidence: [],
        },
      ],
    },
    {
      accountId: '444455556666',
      name: 'ledger-qa',
      changes: [
        {
          checkId: 'scp-region-allow-list',
          before: 'pass',
          after: 'unknown',
          evidence: [],
        },
      ],
    },
  ],
  requests: [
    {
      action: 'ec2:RunInstances',
      region: 'us-west-2',
      becameDenied: ['111122223333', '777788889999'],
      becameAllowed: [],
    },
    {
      action: 's3:GetObject',
      region: 'eu-west-1',
      principal: 'outside-organization',
      secureTransport: true,
      policyTypes: ['RCP'],
      becameDenied: [],
      becameAllowed: ['444455556666'],
    },
  ],
  accountNames: {
    '111122223333': 'payments-prod',
    '444455556666': 'ledger-qa',
    '777788889999': 'cards-sandbox',
  },
};

async function errorOf(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'POST', url: '/api/landing-zone/policies/what-if' },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function render(
  overrides: Partial<LandingZoneApi>,
  options: { route?: string; language?: 'en' | 'ja' } = {},
) {
  const api = mockLandingZoneApi({
    listPolicies: jest.fn().mockResolvedValue({ items: policies }),
    listGuardrails: jest.fn().mockResolvedValue(guardrails),
    ...overrides,
  });
  renderInTestApp(
    <TestApiProvider apis={[[landingZoneApiRef, api]]}>
      <PolicyWhatIfPage />
    </TestApiProvider>,
    {
      initialRouteEntries: [options.route ?? '/'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(options.language && {
        apis: [
          mockApis.appLanguage({
            defaultLanguage: options.language,
            availableLanguages: ['en', 'ja'],
          }),
        ],
      }),
    },
  );
  return api;
}

jest.setTimeout(30_000);
const slow = { timeout: 10_000 };

const documentBox = () =>
  screen.findByRole('textbox', { name: 'Policy document' }, slow);

describe('PolicyWhatIfPage', () => {
  it('edits a policy: its document pretty-printed, evaluated once changed, and what turns around', async () => {
    const api = render({ whatIfPolicy: jest.fn().mockResolvedValue(result) });
    const select = await screen.findByRole(
      'combobox',
      { name: 'Policy' },
      slow,
    );
    // AWS managed policies cannot be edited.
    expect(
      within(select).getByRole('option', {
        name: 'FullAWSAccess (AWS managed)',
      }),
    ).toBeDisabled();
    await userEvent.selectOptions(select, 'p-regionallow');
    expect(
      screen.getByText(
        'Only the operating regions · Attached to Root/Workloads, Root/Security',
      ),
    ).toBeInTheDocument();
    const editor = (await documentBox()) as HTMLTextAreaElement;
    expect(editor.value).toBe(JSON.stringify(regionAllowList, null, 2));
    const evaluate = screen.getByRole('button', { name: 'Evaluate' });
    expect(evaluate).toBeDisabled();
    expect(screen.getByText(/The document is as attached/)).toBeInTheDocument();

    const edited = editor.value.replace(/,\n\s*"us-west-2"/, '');
    fireEvent.change(editor, { target: { value: edited } });
    await userEvent.click(evaluate);
    expect(api.whatIfPolicy).toHaveBeenCalledWith({
      kind: 'edit',
      policyId: 'p-regionallow',
      content: edited,
    });

    const figure = (name: string) =>
      document.querySelector(`[data-figure=${name}]`)!.textContent;
    await screen.findByText('What the change does', {}, slow);
    expect(figure('reached')).toBe('Active accounts reached3');
    expect(figure('accounts')).toBe('Accounts whose verdicts change2');
    expect(figure('requests')).toBe('Sample requests that turn around2');

    const requests = screen.getByRole('list', {
      name: 'Sample requests that turn around',
    });
    const denied = within(requests).getByText(
      'ec2:RunInstances in us-west-2 becomes denied for 2 accounts',
    );
    // Who makes a resource-side sample, when the server says.
    expect(
      within(requests).getByText(
        's3:GetObject in eu-west-1 becomes allowed for 1 account',
      ).parentElement,
    ).toHaveTextContent('from outside the organisation · judged by RCP');
    await userEvent.click(denied);
    // The accounts behind the count, by name, even without a verdict change.
    const sandbox = await within(requests).findByRole('link', {
      name: 'cards-sandbox',
    });
    expect(sandbox).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-777788889999/guardrails',
    );

    // Each guardrail's turn first, with how many accounts take it.
    expect(
      within(screen.getByRole('list', { name: 'Verdicts that change' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Only allowed regions can be usedPassUnknownin 1 account',
      'Only allowed regions can be usedPassFailin 1 account',
      'Resources accept only encrypted connectionsFailPassin 1 account',
    ]);
    const verdicts = screen.getByRole('table', {
      name: 'Verdicts that change',
    });
    expect(
      within(verdicts).getByRole('link', { name: 'payments-prod' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/aws-account-111122223333/guardrails',
    );
    const rows = within(verdicts).getAllByRole('row').slice(1);
    expect(
      rows.map(row => [
        row.getAttribute('data-account-id'),
        row.getAttribute('data-check-id'),
        within(row)
          .getAllByText(/^(Pass|Fail|Unknown)$/)
          .map(e => e.textContent),
      ]),
    ).toEqual([
      // By account name: ledger-qa first.
      ['444455556666', 'scp-region-allow-list', ['Pass', 'Unknown']],
      ['111122223333', 'scp-region-allow-list', ['Pass', 'Fail']],
      ['111122223333', 'rcp-secure-transport', ['Fail', 'Pass']],
    ]);
    expect(rows[0]).toHaveTextContent('Only allowed regions can be used');
    expect(rows[0]).toHaveTextContent('can no longer be judged');
    expect(rows[1]).toHaveTextContent('newly failing');
    expect(rows[1]).toHaveTextContent(
      'us-west-2 Allowed region blocked: ec2:RunInstances is denied by region-allow-list',
    );
    expect(rows[2]).toHaveTextContent(
      'Resources accept only encrypted connections',
    );
    expect(rows[2]).toHaveTextContent('newly passing');

    // Edited again, the answer no longer fits the change: it goes.
    fireEvent.change(editor, { target: { value: `${edited}\n` } });
    expect(screen.queryByText('What the change does')).toBeNull();
  });

  it('shows the problems of a pasted document where they are: the line marked, the caret moved there', async () => {
    const problems = {
      problems: [
        {
          message: 'Not valid JSON at line 3, column 5: expected "," or "}"',
          line: 3,
          column: 5,
        },
        {
          message:
            'The policy has 6001 characters without white space; Organizations allows at most 5120',
        },
      ],
    };
    const api = render(
      { whatIfPolicy: jest.fn().mockResolvedValue(problems) },
      { route: '/?mode=edit&policy=p-regionallow' },
    );
    const editor = (await documentBox()) as HTMLTextAreaElement;
    const broken = '{\n  "Version": "2012-10-17"\n    "Statement": []\n}';
    fireEvent.change(editor, { target: { value: broken } });
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(
      await screen.findByText(
        'The document has 2 problems: nothing was evaluated',
        {},
        slow,
      ),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Policy document' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first).toHaveTextContent(
      'Line 3, column 5: Not valid JSON at line 3, column 5',
    );
    expect(second).toHaveTextContent(
      'The policy has 6001 characters without white space',
    );
    // No position: no button to go there.
    expect(within(second).queryByRole('button')).toBeNull();
    expect(document.querySelector('[data-problem-line]')).toHaveAttribute(
      'data-problem-line',
      '3',
    );
    expect(editor).toHaveAttribute('aria-invalid', 'true');
    // The caret: line 3, column 5, the offset after two lines and four characters.
    const at = '{\n  "Version": "2012-10-17"\n'.length + 4;
    await waitFor(() => expect(editor.selectionStart).toBe(at));
    expect(document.activeElement).toBe(editor);
    // The position takes the caret back there after it moved away.
    editor.setSelectionRange(0, 0);
    await userEvent.click(
      within(first).getByRole('button', { name: 'Line 3, column 5' }),
    );
    expect(editor.selectionStart).toBe(at);
    expect(api.whatIfPolicy).toHaveBeenCalledTimes(1);
  });

  it('attaches a new policy to an OU or an account picked by search', async () => {
    const tree: OrganizationTreeNode = {
      id: 'r-root',
      name: 'Root',
      path: 'Root',
      accountCount: 1,
      compliance: { compliant: 0, nonCompliant: 0, unknown: 0 },
      children: [
        {
          id: 'ou-work',
          name: 'Workloads',
          path: 'Root/Workloads',
          accountCount: 0,
          compliance: { compliant: 0, nonCompliant: 0, unknown: 0 },
          children: [],
        },
      ],
    };
    const listAccounts = jest.fn().mockResolvedValue({
      items: [{ ...details.account, name: 'payments-prod' }],
      totalCount: 1,
    });
    const api = render(
      {
        getOrganizationalUnits: jest.fn().mockResolvedValue(tree),
        listAccounts,
        whatIfPolicy: jest.fn().mockResolvedValue({
          problems: [],
          reached: 0,
          accounts: [],
          requests: [],
        }),
      },
      { route: '/?mode=attach-new' },
    );
    const targets = await screen.findByRole(
      'radiogroup',
      { name: 'Attach it to' },
      slow,
    );
    expect(
      within(targets).getByRole('radio', { name: /Root: every account/ }),
    ).toBeInTheDocument();
    expect(
      within(targets).getByRole('radio', { name: /^OU Root\/Workloads/ }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Policy type' }),
      'RCP',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Name' }),
      'deny-plain-http',
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search OUs and accounts' }),
      'payments',
    );
    await waitFor(() =>
      expect(listAccounts).toHaveBeenLastCalledWith({
        q: 'payments',
        limit: 10,
      }),
    );
    // The search narrows the OUs too: none is called "payments".
    await waitFor(() =>
      expect(
        within(targets).queryByRole('radio', { name: /^OU Root\/Workloads/ }),
      ).toBeNull(),
    );
    await userEvent.click(
      within(targets).getByRole('radio', { name: /Account payments-prod/ }),
    );
    expect(screen.getByText('Attach it to: payments-prod')).toBeInTheDocument();
    const content = '{"Version":"2012-10-17","Statement":[]}';
    fireEvent.change(await documentBox(), { target: { value: content } });
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(api.whatIfPolicy).toHaveBeenCalledWith({
      kind: 'attach-new',
      policyType: 'RCP',
      name: 'deny-plain-http',
      content,
      targetId: details.account.id,
    });
    expect(
      await screen.findByText(/The change reaches no active account/, {}, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No verdict changes: every guardrail judges/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No sample request changes its decision.'),
    ).toBeInTheDocument();
  });

  it('detaches a policy from one of its targets', async () => {
    const api = render(
      {
        whatIfPolicy: jest.fn().mockResolvedValue({
          problems: [],
          reached: 12,
          accounts: [],
          requests: [],
        }),
      },
      { route: '/?mode=detach&policy=p-FullAWSAccess' },
    );
    const from = await screen.findByRole(
      'combobox',
      { name: 'Detach it from' },
      slow,
    );
    // Nothing to edit when detaching.
    expect(
      screen.queryByRole('textbox', { name: 'Policy document' }),
    ).toBeNull();
    await userEvent.selectOptions(from, 'r-root');
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(api.whatIfPolicy).toHaveBeenCalledWith({
      kind: 'detach',
      policyId: 'p-FullAWSAccess',
      targetId: 'r-root',
    });
    expect(
      await screen.findByText(/No verdict changes/, {}, slow),
    ).toBeInTheDocument();
  });

  it.each([
    [403, /needs access to every account in the organisation/],
    [404, /no scan has finished yet/],
  ])('says what a %s from GET /policies means', async (status, text) => {
    const error = await errorOf(status, 'from the server');
    render({ listPolicies: jest.fn().mockRejectedValue(error) });
    expect(await screen.findByText(text, {}, slow)).toBeInTheDocument();
    expect(screen.queryByText('from the server')).toBeNull();
  });

  it("shows the server's message when it rejects a change", async () => {
    const error = await errorOf(400, 'The organisation has no policy p-gone');
    render(
      { whatIfPolicy: jest.fn().mockRejectedValue(error) },
      { route: '/?mode=detach&policy=p-regionallow' },
    );
    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Detach it from' }, slow),
      'ou-sec',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(
      await screen.findByText(
        'The portal could not evaluate this change',
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The organisation has no policy p-gone'),
    ).toBeInTheDocument();
  });

  it('says the turned-around requests and the guardrails in Japanese', async () => {
    render(
      { whatIfPolicy: jest.fn().mockResolvedValue(result) },
      { route: '/?mode=edit&policy=p-regionallow', language: 'ja' },
    );
    const editor = await screen.findByRole(
      'textbox',
      { name: 'ポリシードキュメント' },
      slow,
    );
    fireEvent.change(editor, { target: { value: '{"Version":"2012-10-17"}' } });
    await userEvent.click(screen.getByRole('button', { name: '評価' }));
    expect(
      await screen.findByText(
        'us-west-2 の ec2:RunInstances が 2 アカウントで拒否されるようになります',
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('組織外から · RCP で判定')).toBeInTheDocument();
    const verdicts = screen.getByRole('table', {
      name: '評価結果が変わるガードレール',
    });
    expect(
      within(verdicts).getAllByText('許可されたリージョンのみ使用できる'),
    ).toHaveLength(2);
    expect(within(verdicts).getByText('新たに不合格')).toBeInTheDocument();
  });
});
