import { ResponseError } from '@backstage/errors';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import {
  accountEntity,
  definitionOf,
  definitions,
  details,
  mockLandingZoneApi,
} from '../testData';
import { AccountGuardrails } from './AccountGuardrails';

function render(api: ReturnType<typeof mockLandingZoneApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[landingZoneApiRef, api]]}>
      <EntityProvider entity={accountEntity}>
        <AccountGuardrails />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('AccountGuardrails', () => {
  it('shows the verdict, then every guardrail failing first with its evidence, fix and controls', async () => {
    const getAccount = jest.fn().mockResolvedValue(details);
    await render(
      mockLandingZoneApi({
        getAccount,
        listGuardrails: async () => ({ items: definitions }),
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
      within(rows[1]).getByText('No published control'),
    ).toBeInTheDocument();
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
        listGuardrails: async () => ({ items: definitions }),
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
        listGuardrails: async () => ({ items: definitions }),
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
        listGuardrails: async () => ({ items: definitions }),
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
