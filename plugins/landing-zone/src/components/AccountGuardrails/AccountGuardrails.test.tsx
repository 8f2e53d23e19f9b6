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
  type AccountDetails,
  guardrailCatalogue,
  type GuardrailResult,
} from '@internal/plugin-landing-zone-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import {
  accountEntity,
  configuration,
  definitionOf,
  definitions,
  details,
  mockLandingZoneApi,
  noConfiguration,
  scopedDefinitions,
} from '../testData';
import { AccountGuardrails } from './AccountGuardrails';

function render(
  api: ReturnType<typeof mockLandingZoneApi>,
  language: 'en' | 'ja' = 'en',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[landingZoneApiRef, api]]}>
      <EntityProvider entity={accountEntity}>
        <AccountGuardrails />
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

describe('AccountGuardrails', () => {
  it('shows the verdict, then every guardrail failing first with its evidence, fix and controls', async () => {
    const getAccount = jest.fn().mockResolvedValue(details);
    await render(
      mockLandingZoneApi({
        getAccount,
        listGuardrails: async () => ({
          items: definitions,
          configuration: noConfiguration,
        }),
      }),
    );

    expect(await screen.findByText('Non-compliant')).toBeInTheDocument();
    expect(getAccount).toHaveBeenCalledWith('111122223333');
    expect(
      screen.getByText('2 failing, 1 unknown, 1 passing guardrails'),
    ).toBeInTheDocument();
    expect(screen.getByText('Root/Workloads/Prod')).toBeInTheDocument();
    // The stale reason says why some verdicts rest on older data.
    expect(
      screen.getByText(/ec2:DescribeFlowLogs in ap-northeast-1: AccessDenied/),
    ).toBeInTheDocument();

    const table = screen.getByRole('grid', { name: 'Guardrails' });
    const rows = within(table).getAllByRole('row').slice(1);
    const flowLogs = definitionOf('vpc-flow-logs');
    const guardDuty = definitionOf('guardduty-enabled');
    const ebs = definitionOf('ebs-default-encryption');
    // Failing first (the more severe first), then unknown, then passing.
    expect(
      rows.map(r => within(r).getAllByRole('rowheader')[0].textContent),
    ).toEqual([
      expect.stringContaining(flowLogs.title),
      expect.stringContaining('Cost tags on every account'),
      expect.stringContaining(guardDuty.title),
      expect.stringContaining(ebs.title),
    ]);
    const failing = rows[0];
    expect(within(failing).getByText('Fail')).toBeInTheDocument();
    expect(within(failing).getByText('No flow log')).toBeInTheDocument();
    expect(
      within(failing).getByText('eu-west-1 · vpc-0a1b2c3d'),
    ).toBeInTheDocument();
    expect(within(failing).getByText(flowLogs.remediation)).toBeInTheDocument();
    for (const id of flowLogs.controls.securityHub ?? []) {
      expect(
        within(failing).getByText(`Security Hub ${id}`),
      ).toBeInTheDocument();
    }
    for (const id of flowLogs.controls.cis ?? []) {
      expect(within(failing).getByText(`CIS ${id}`)).toBeInTheDocument();
    }
    // A module's guardrail shows the texts the backend serves.
    expect(
      within(rows[1]).getByText('Tag the account with cost-centre.'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('img', { name: 'No published control' }),
    ).toHaveTextContent('—');
    expect(within(rows[2]).getByText('Unknown')).toBeInTheDocument();
    // A passing guardrail keeps its evidence behind a disclosure and shows no fix.
    expect(within(rows[3]).getByText('Pass')).toBeInTheDocument();
    expect(
      within(rows[3]).getByText('Show the evidence (1 item)'),
    ).toBeInTheDocument();
    expect(
      within(rows[3]).queryByText(ebs.remediation),
    ).not.toBeInTheDocument();

    // The account's VPC links to its entity page; its tags are listed.
    expect(
      screen.getByRole('link', { name: /payments-prod-euw1/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/aws-vpc-vpc-0a1b2c3d');
    expect(screen.getByText('owner: team-payments')).toBeInTheDocument();
  });

  it('says the account is not scanned yet when the API does not know it', async () => {
    await render(
      mockLandingZoneApi({
        getAccount: async () => undefined,
        listGuardrails: async () => ({
          items: definitions,
          configuration: noConfiguration,
        }),
      }),
    );
    expect(
      await screen.findByText('Not in the landing zone yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No scan has seen AWS account 111122223333/),
    ).toBeInTheDocument();
  });

  it('says "not permitted" on a 403 rather than offering a retry', async () => {
    const response = new Response(
      JSON.stringify({ error: { name: 'NotAllowedError', message: 'nope' } }),
      { status: 403, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await render(
      mockLandingZoneApi({
        getAccount: () => Promise.reject(error),
        listGuardrails: async () => ({
          items: definitions,
          configuration: noConfiguration,
        }),
      }),
    );
    expect(await screen.findByText('Not permitted')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows what failed and loads again on retry', async () => {
    const getAccount = jest
      .fn()
      .mockRejectedValueOnce(new Error('landing-zone backend unreachable'))
      .mockResolvedValueOnce(details);
    await render(
      mockLandingZoneApi({
        getAccount,
        listGuardrails: async () => ({
          items: definitions,
          configuration: noConfiguration,
        }),
      }),
    );
    expect(
      await screen.findByText('landing-zone backend unreachable'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Non-compliant')).toBeInTheDocument();
    expect(getAccount).toHaveBeenCalledTimes(2);
  });
});

/** Verdicts on the guardrails of issue 12, with evidence as long as it gets. */
const evaluatedAt = new Date(Date.now() - 60_000).toISOString();
const verdict = (
  checkId: string,
  status: GuardrailResult['status'],
  evidence: GuardrailResult['evidence'],
): GuardrailResult => ({
  accountId: '111122223333',
  checkId,
  status,
  evidence,
  evaluatedAt,
});
// Every region of an organisation that allows many.
// prettier-ignore
const regions = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1',
  'ap-southeast-2', 'ap-south-1', 'sa-east-1',
];
const rootEvents = Array.from({ length: 12 }, (_, i) => ({
  message: `ConsoleLogin by root at 2026-11-${
    10 + i
  }T08:00 from 203.0.113.${i}`,
  region: 'us-east-1',
  resource: `0f1e2d3c-4b5a-6978-8a9b-${String(i).padStart(12, '0')}`,
}));
const issue12Results: GuardrailResult[] = [
  verdict('root-user-activity', 'fail', [
    ...rootEvents,
    { message: '38 more root events in the window are not listed' },
  ]),
  verdict('root-hardware-mfa', 'fail', [
    {
      message: "The root user's MFA is a virtual device",
      resource: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
    },
  ]),
  verdict('ec2-imdsv2-default', 'fail', [
    {
      region: 'eu-west-1',
      message: 'http_tokens optional, set in the account',
    },
    {
      region: 'us-east-1',
      message: 'http_tokens required, enforced by a declarative policy',
    },
  ]),
  verdict(
    'ec2-vpc-block-public-access',
    'pass',
    regions.map(region => ({
      region,
      message: 'block-ingress, enforced by a declarative policy',
    })),
  ),
  verdict('rcp-resources-org-only', 'pass', [
    {
      message:
        's3:GetObject from outside the organisation is denied by deny-outside-org at r-1',
      policy: {
        id: 'p-rcp0123',
        name: 'deny-outside-org',
        sid: 'DenyOutsideOrg',
        target: 'r-1',
      },
    },
  ]),
];
const issue12: AccountDetails = { ...details, guardrails: issue12Results };
const catalogued = (id: string) => guardrailCatalogue.find(d => d.id === id)!;

describe('AccountGuardrails: the guardrails of issue 12', () => {
  const api = () =>
    mockLandingZoneApi({
      getAccount: async () => issue12,
      listGuardrails: async () => ({
        items: guardrailCatalogue,
        configuration: noConfiguration,
      }),
    });

  async function rowsOf() {
    // The first Japanese render waits for the lazily loaded translations.
    const table = await screen.findByRole(
      'grid',
      { name: /Guardrails|ガードレール/ },
      { timeout: 5000 },
    );
    return within(table).getAllByRole('row').slice(1);
  }

  it('shows each with its control ids, a dash where none is published, and long evidence behind a disclosure', async () => {
    await render(api());
    const rows = await rowsOf();
    // Failing (high before medium, then by id), then passing.
    expect(rows.map(r => r.getAttribute('data-key'))).toEqual([
      'root-hardware-mfa',
      'root-user-activity',
      'ec2-imdsv2-default',
      'rcp-resources-org-only',
      'ec2-vpc-block-public-access',
    ]);
    const [hardwareMfa, activity, imds, rcp, vpcBpa] = rows;

    expect(
      within(hardwareMfa).getByText(catalogued('root-hardware-mfa').title),
    ).toBeInTheDocument();
    expect(
      within(hardwareMfa).getByText('Security Hub IAM.6'),
    ).toBeInTheDocument();
    expect(within(hardwareMfa).getByText('CIS 1.6')).toBeInTheDocument();
    expect(
      within(hardwareMfa).getByText(
        'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
      ),
    ).toBeInTheDocument();

    // Five root events at a glance, the other eight (and the count of the
    // unlisted ones) one click away, in a list that scrolls.
    expect(within(activity).getByText('CIS 1.7')).toBeInTheDocument();
    expect(within(activity).getByText(rootEvents[4].message)).toBeVisible();
    const more = within(activity).getByText('8 more items');
    expect(more.closest('details')).not.toHaveAttribute('open');
    await userEvent.click(more);
    expect(more.closest('details')).toHaveAttribute('open');
    expect(within(activity).getByText(rootEvents[11].message)).toBeVisible();
    expect(
      within(activity).getByText(
        '38 more root events in the window are not listed',
      ),
    ).toBeVisible();
    expect(
      within(activity).getByText(rootEvents[11].message).closest('ul'),
    ).toHaveClass('evidenceDisclosed');
    expect(
      within(activity).getByText(catalogued('root-user-activity').remediation),
    ).toBeInTheDocument();

    // No published control: a dash that names itself, not an empty chip.
    expect(
      within(imds).getByRole('img', { name: 'No published control' }),
    ).toHaveTextContent('—');
    expect(within(imds).queryByText(/Security Hub|CIS/)).toBeNull();
    expect(
      within(imds).getByText('eu-west-1', { exact: false }),
    ).toBeInTheDocument();
    expect(
      within(imds).getByText('http_tokens optional, set in the account'),
    ).toBeInTheDocument();
    expect(
      within(rcp).getByRole('img', { name: 'No published control' }),
    ).toBeInTheDocument();
    expect(
      within(rcp).getByText(
        'Policy deny-outside-org (p-rcp0123), statement DenyOutsideOrg',
      ),
    ).toBeInTheDocument();

    // A passing guardrail's 17 regions wait behind the disclosure.
    expect(
      within(vpcBpa).getByText('Show the evidence (17 items)'),
    ).toBeInTheDocument();
    expect(
      within(vpcBpa).getByText('Security Hub EC2.172'),
    ).toBeInTheDocument();
    expect(
      within(vpcBpa).getByText(/Medium severity · Preventive · Evaluated/),
    ).toBeInTheDocument();
  });

  it('reads in Japanese, with the same evidence and control ids', async () => {
    await render(api(), 'ja');
    const rows = await rowsOf();
    const [hardwareMfa, activity, imds, rcp, vpcBpa] = rows;
    expect(
      within(hardwareMfa).getByText(
        '本番のルートユーザーにハードウェア MFA デバイスを設定済み',
      ),
    ).toBeInTheDocument();
    expect(within(hardwareMfa).getByText('不合格')).toBeInTheDocument();
    expect(
      within(hardwareMfa).getByText('Security Hub IAM.6'),
    ).toBeInTheDocument();
    expect(
      within(hardwareMfa).getByText(/重要度: 高 · 検出/),
    ).toBeInTheDocument();
    expect(
      within(activity).getByText('ルートユーザーが使用されていない'),
    ).toBeInTheDocument();
    expect(within(activity).getByText('ほか 8 件')).toBeInTheDocument();
    expect(
      within(activity).getByText(/ルートアクセスの一元管理/),
    ).toBeInTheDocument();
    expect(
      within(imds).getByText('新しいインスタンスのデフォルトは IMDSv2'),
    ).toBeInTheDocument();
    expect(
      within(imds).getByRole('img', {
        name: '公開されたコントロールはありません',
      }),
    ).toBeInTheDocument();
    expect(
      within(imds).getByText(
        /インスタンスメタデータのデフォルト|http_tokens を required/,
      ),
    ).toBeInTheDocument();
    expect(
      within(rcp).getByText('組織外のプリンシパルはリソースにアクセスできない'),
    ).toBeInTheDocument();
    expect(
      within(rcp).getByText(
        'ポリシー deny-outside-org (p-rcp0123), ステートメント DenyOutsideOrg',
      ),
    ).toBeInTheDocument();
    expect(within(vpcBpa).getByText('根拠を表示 (17 件)')).toBeInTheDocument();
    expect(within(vpcBpa).getByText(/重要度: 中 · 予防/)).toBeInTheDocument();
  });
});

describe('AccountGuardrails: an account that is not active', () => {
  const notActive = (
    status: string,
    guardrails: GuardrailResult[] = [],
  ): AccountDetails => ({
    ...details,
    account: {
      ...details.account,
      status,
      // What the backend reports for an account it does not judge.
      compliance: 'unknown',
      checks: { passing: 0, failing: 0, unknown: 0 },
      staleReason: undefined,
    },
    guardrails,
  });
  const api = (value: AccountDetails) =>
    mockLandingZoneApi({
      getAccount: async () => value,
      listGuardrails: async () => ({
        items: definitions,
        configuration: noConfiguration,
      }),
    });

  it('says a suspended account is not scanned or judged, instead of an empty table', async () => {
    await render(api(notActive('SUSPENDED')));
    expect(
      await screen.findByText(
        'Suspended: this account is not scanned or judged',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'AWS has suspended the account; it is scanned again once it is active.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No guardrail verdict is kept for it; its VPCs and tags are as last collected.',
      ),
    ).toBeInTheDocument();
    // Its state, as a badge with its word, where the summary lists it.
    const state = screen.getByText('Suspended');
    expect(state.closest('[data-state]')).toHaveAttribute(
      'data-state',
      'SUSPENDED',
    );
    // Not "unknown", not "0 failing", not "not scanned yet".
    expect(screen.queryByText('Unknown')).toBeNull();
    expect(screen.queryByText(/0 failing/)).toBeNull();
    expect(screen.queryByText(/Verdicts appear after/)).toBeNull();
    expect(screen.queryByRole('grid', { name: 'Guardrails' })).toBeNull();
  });

  it.each([
    ['PENDING_CLOSURE', 'Pending closure', 'The account is being closed.'],
    [
      'CLOSED',
      'Closed',
      'The account is closed. Organizations lists it for 90 days, while AWS Support can still reopen it.',
    ],
    [
      'PENDING_ACTIVATION',
      'Pending activation',
      'Its sign-up is not complete; it is scanned once it is active.',
    ],
    [
      'ON_HOLD',
      'ON_HOLD',
      'Organizations reports this state; the landing zone scans active accounts only.',
    ],
  ])(
    'says why an account in state %s is not judged',
    async (status, word, why) => {
      await render(api(notActive(status)));
      expect(
        await screen.findByText(
          `${word}: this account is not scanned or judged`,
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(why)).toBeInTheDocument();
    },
  );

  it('does not claim an account never scanned has no VPC', async () => {
    await render(api({ ...notActive('PENDING_ACTIVATION'), vpcs: [] }));
    expect(
      await screen.findByText(
        'No VPC of this account is on record: the scan reads active accounts only.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/has no VPC in the regions/)).toBeNull();
  });

  it('says it in Japanese', async () => {
    await render(api(notActive('SUSPENDED')), 'ja');
    expect(
      await screen.findByText(
        '停止中: このアカウントはスキャンも評価もされません',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('停止中')).toBeInTheDocument();
    expect(screen.getByText('アカウントの状態')).toBeInTheDocument();
    expect(
      screen.getByText(/ガードレールの評価結果は保持されていません/),
    ).toBeInTheDocument();
    expect(screen.queryByText('不明')).toBeNull();
  });

  it('shows verdicts it still has as its last ones', async () => {
    await render(api(notActive('CLOSED', details.guardrails)));
    expect(
      await screen.findByText(
        'Its last verdicts, from before it stopped being scanned; each says when it was evaluated.',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('grid', { name: 'Guardrails' })).getAllByRole(
        'row',
      ),
    ).toHaveLength(5);
  });
});

describe('AccountGuardrails: evidence in the reader’s language', () => {
  // Evidence as the backend writes it: a code, its values (texts inside it
  // as `<part>.code` and `<part>.<value>`) and the English message.
  const linked = {
    region: 'eu-west-1',
    resource: 'vpc-prod ↔ vpc-qa',
    code: 'network.isolation.linkedDirected',
    params: {
      environment: 'prod',
      own: 'vpc-prod',
      otherEnvironment: 'non-prod',
      'other.code': 'network.other.account',
      'other.vpcId': 'vpc-qa',
      'other.accountId': '222222222222',
      'link.code': 'network.via.transitGateway',
      'link.via': 'tgw-1',
      'direction.code': 'direction.gateway.out',
      'direction.own': 'vpc-prod',
      'direction.other': 'vpc-qa',
      'direction.table': 'tgw-rtb-prod',
      'direction.route.code': 'route.static',
      'direction.route.destination': '10.1.0.0/16',
    },
    message:
      'prod VPC vpc-prod is linked with non-prod VPC vpc-qa (account 222222222222) by transit gateway tgw-1 (vpc-prod → vpc-qa only: tgw-rtb-prod has a static route 10.1.0.0/16 to it)',
  };
  const credentials = {
    code: 'root.credentials.remaining',
    params: {
      'credentials.code': 'list.and',
      'credentials.head.code': 'root.credential.password',
      'credentials.last.code': 'root.credential.mfa',
    },
    message: 'The root user still has a password and an MFA device',
  };
  const imds = {
    region: 'eu-west-1',
    code: 'ec2.setting.fail',
    params: {
      'setting.code': 'ec2.setting.instanceMetadataDefaults',
      value: 'optional',
      region: 'eu-west-1',
      'accepted.code': 'value',
      'accepted.value': 'required',
      'how.code': 'ec2.how.account',
    },
    message:
      'The instance metadata default http-tokens is optional in eu-west-1 (needs required), set by hand in the account, no declarative policy enforces it',
  };
  const results = [
    verdict('network-prod-isolation', 'fail', [linked]),
    verdict('root-credentials-centralized', 'fail', [credentials]),
    verdict('ec2-imdsv2-default', 'fail', [
      imds,
      // A newer backend's code, and a known code with a part this page does
      // not know: both read as the backend wrote them.
      { code: 'rootActivity.newKind', message: 'A code this page lacks' },
      {
        code: 'notCollected',
        params: { 'what.code': 'ec2.setting.newSetting' },
        message: 'A new setting was not collected',
      },
    ]),
  ];
  const api = () =>
    mockLandingZoneApi({
      getAccount: async () => ({ ...details, guardrails: results }),
      listGuardrails: async () => ({
        items: guardrailCatalogue,
        configuration: noConfiguration,
      }),
    });

  it('reads in English as the backend wrote it', async () => {
    await render(api());
    for (const evidence of [linked, credentials, imds]) {
      expect(await screen.findByText(evidence.message)).toBeInTheDocument();
    }
  });

  it('says coded evidence in Japanese, and evidence of unknown codes as written', async () => {
    await render(api(), 'ja');
    expect(
      await screen.findByText(
        'prod の VPC vpc-prod は non-prod の VPC vpc-qa (アカウント 222222222222) と トランジットゲートウェイ tgw-1 で接続されています (vpc-prod → vpc-qa のみ: tgw-rtb-prod にはその VPC への 静的ルート 10.1.0.0/16 があります)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'ルートユーザーにはまだ パスワード、MFA デバイス があります',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'eu-west-1 の「インスタンスメタデータのデフォルトの http-tokens」は optional です。required である必要があります (アカウントで手動で設定されており、宣言型ポリシーでは強制されていません)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('A code this page lacks')).toBeInTheDocument();
    expect(
      screen.getByText('A new setting was not collected'),
    ).toBeInTheDocument();
  });
});

describe('Guardrails the configuration leaves out of the account', () => {
  const rds = guardrailCatalogue.find(d => d.id === 'rds-encrypted')!;
  // The account fails one of issue 13's guardrails; three others are not
  // judged in it, for three different reasons.
  const api = () =>
    mockLandingZoneApi({
      getAccount: async () => ({
        ...details,
        guardrails: [
          ...details.guardrails,
          {
            accountId: '111122223333',
            checkId: 'rds-encrypted',
            status: 'fail' as const,
            evidence: [
              {
                region: 'eu-west-1',
                code: 'store.notCustomerKey',
                params: {
                  'store.code': 'store.rdsCluster',
                  'store.id': 'payments-ledger',
                  'key.code': 'kms.aws',
                  'key.keyId': 'alias/aws/rds',
                },
                message:
                  'DB cluster payments-ledger is encrypted with AWS managed KMS key alias/aws/rds, not a customer managed key',
              },
            ],
            evaluatedAt: new Date().toISOString(),
          },
        ],
        notJudged: [
          { checkId: 'macie-enabled', reason: 'not-data-account' },
          { checkId: 'ec2-instance-rotation', reason: 'disabled' },
          { checkId: 'guardduty-enabled', reason: 'excluded' },
        ],
      }),
      listGuardrails: async () => ({
        items: [...scopedDefinitions, rds],
        configuration,
      }),
    });

  const notJudgedSection = async (name: string) =>
    (await screen.findByRole('heading', { name })).closest('section')!;

  it('lists each with its reason in words, apart from the verdicts and not counted', async () => {
    await render(api());
    const section = await notJudgedSection('Not judged in this account');
    const items = within(section).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'Macie watches the data—Applies to data accounts only (OU Data or tag data-classification)',
      'Instances are rotated—Switched off in the configuration',
      'GuardDuty is enabled—Its configured scope excludes tag env=sandbox',
    ]);
    expect(
      within(section).getByText(/count neither as passing nor as failing/),
    ).toBeInTheDocument();

    // The verdicts are the judged guardrails only, and so are the counts.
    const table = screen.getByRole('grid', { name: 'Guardrails' });
    expect(table).not.toHaveTextContent('Macie watches the data');
    expect(table).not.toHaveTextContent('Instances are rotated');
    expect(section).not.toHaveTextContent(/Fail|Pass|Unknown/);
    expect(
      screen.getByText('2 failing, 1 unknown, 1 passing guardrails'),
    ).toBeInTheDocument();
    expect(
      within(table).getByText(
        'DB cluster payments-ledger is encrypted with AWS managed KMS key alias/aws/rds, not a customer managed key',
      ),
    ).toBeInTheDocument();
  });

  it('says it in Japanese, with the new guardrails and their evidence in Japanese', async () => {
    await render(api(), 'ja');
    const section = await notJudgedSection('このアカウントでは判定対象外');
    expect(
      within(section)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual([
      'Macie がデータを監視している—データアカウントのみが対象です (OU Data または タグ data-classification)',
      'インスタンスが定期的に入れ替えられている—設定で無効化されています',
      'GuardDuty が有効—設定で判定対象から除外されています (タグ env=sandbox)',
    ]);
    const table = screen.getByRole('grid', { name: 'ガードレール' });
    const row = within(table).getByRole('row', {
      name: /RDS データベースが暗号化されている/,
    });
    expect(
      within(row).getByText(
        'DB クラスター payments-ledger はカスタマーマネージドキーではなく AWS マネージド KMS キー alias/aws/rds で暗号化されています',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(/スナップショットを取得し/),
    ).toBeInTheDocument();
  });

  it('shows no such section when every guardrail is judged', async () => {
    await render(
      mockLandingZoneApi({
        getAccount: async () => details,
        listGuardrails: async () => ({
          items: definitions,
          configuration: noConfiguration,
        }),
      }),
    );
    expect(await screen.findByText('Non-compliant')).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Not judged in this account' }),
    ).toBeNull();
  });
});
