import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import type {
  AccountSummary,
  OrganizationTreeNode,
} from '@internal/plugin-landing-zone-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import { details, fieldProps, mockLandingZoneApi } from '../testData';
import { AccountPicker } from './AccountPicker';
import { OuPicker } from './OuPicker';

const counts = { compliant: 0, nonCompliant: 0, unknown: 0 };
const ou = (
  id: string,
  path: string,
  children: OrganizationTreeNode[] = [],
): OrganizationTreeNode => ({
  id,
  name: path.split('/').pop()!,
  path,
  accountCount: 2,
  compliance: counts,
  children,
});
const tree = ou('r-root', 'Root', [
  ou('ou-workloads', 'Root/Workloads', [
    ou('ou-prod', 'Root/Workloads/Prod'),
    ou('ou-qa', 'Root/Workloads/QA'),
  ]),
  ou('ou-suspended', 'Root/Suspended'),
]);

jest.setTimeout(30_000);

describe('OuPicker', () => {
  it('offers the live OU tree, greys out the suspended OU and picks an id', async () => {
    const onChange = jest.fn();
    const api = mockLandingZoneApi({
      getOrganizationalUnits: jest.fn().mockResolvedValue(tree),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[landingZoneApiRef, api]]}>
        <OuPicker {...fieldProps({ onChange })} />
      </TestApiProvider>,
    );
    const group = await screen.findByRole('radiogroup', { name: 'Target OU' });
    const suspended = within(group).getByRole('radio', { name: /Suspended/ });
    expect(suspended).toBeDisabled();
    expect(suspended).toHaveTextContent('suspended: no new accounts');
    await userEvent.click(within(group).getByRole('radio', { name: /^Prod/ }));
    expect(onChange).toHaveBeenCalledWith('ou-prod');
    expect(within(group).getByRole('radio', { name: /^QA/ })).toBeEnabled();
  });
});

describe('AccountPicker', () => {
  const account = (
    id: string,
    name: string,
    environment: AccountSummary['environment'],
    compliance: AccountSummary['compliance'],
    status = 'ACTIVE',
  ): AccountSummary => ({
    ...details.account,
    id,
    name,
    environment,
    compliance,
    status,
  });
  const accounts = [
    account('100000000001', 'payments-prod', 'prod', 'non-compliant'),
    account('100000000002', 'ledger-prod', 'prod', 'compliant'),
    account('100000000003', 'payments-qa', 'non-prod', 'non-compliant'),
    account('100000000004', 'legacy', 'prod', 'unknown', 'SUSPENDED'),
  ];

  it('lets a compliant prod or any non-prod account be chosen and says why the others cannot', async () => {
    const onChange = jest.fn();
    const listAccounts = jest
      .fn()
      .mockResolvedValue({ items: accounts, totalCount: 4 });
    await renderInTestApp(
      <TestApiProvider
        apis={[[landingZoneApiRef, mockLandingZoneApi({ listAccounts })]]}
      >
        <AccountPicker
          {...fieldProps({ onChange, schema: { title: 'Account' } })}
        />
      </TestApiProvider>,
    );
    const group = await screen.findByRole('radiogroup', { name: 'Account' });
    const radio = (name: RegExp) => within(group).getByRole('radio', { name });
    expect(radio(/payments-prod/)).toBeDisabled();
    expect(radio(/payments-prod/)).toHaveTextContent(
      'A prod account that fails guardrails',
    );
    expect(radio(/legacy/)).toBeDisabled();
    expect(radio(/legacy/)).toHaveTextContent('Not active');
    // Its state, not a compliance it does not have.
    expect(within(radio(/legacy/)).getByText('Suspended')).toBeInTheDocument();
    expect(within(radio(/legacy/)).queryByText('Unknown')).toBeNull();
    expect(radio(/payments-qa/)).toBeEnabled();
    await userEvent.click(radio(/ledger-prod/));
    expect(onChange).toHaveBeenCalledWith('100000000002');

    await userEvent.type(screen.getByRole('searchbox'), 'ledger');
    await waitFor(() =>
      expect(listAccounts).toHaveBeenLastCalledWith({
        q: 'ledger',
        limit: 25,
      }),
    );
  });

  it('requires compliance in the environments the template names', async () => {
    const listAccounts = jest
      .fn()
      .mockResolvedValue({ items: accounts, totalCount: 4 });
    await renderInTestApp(
      <TestApiProvider
        apis={[[landingZoneApiRef, mockLandingZoneApi({ listAccounts })]]}
      >
        <AccountPicker
          {...fieldProps({
            schema: { title: 'Account' },
            uiSchema: {
              'ui:options': { requireCompliant: ['prod', 'non-prod'] },
            },
          })}
        />
      </TestApiProvider>,
    );
    const group = await screen.findByRole('radiogroup', { name: 'Account' });
    expect(
      within(group).getByRole('radio', { name: /payments-qa/ }),
    ).toBeDisabled();
  });
});
