import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import type {
  AllowedRegions,
  LandingZoneVendingApi,
} from '@internal/plugin-landing-zone-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { landingZoneVendingApiRef } from '../../api';
import { AccountNameField, availabilityValidator } from './AvailableValue';
import { CidrPreview } from './CidrPreview';
import { RegionPicker, regionValidator } from './RegionPicker';

const fieldProps = (overrides: Record<string, unknown>) =>
  ({
    schema: { title: 'Account name', type: 'string' },
    uiSchema: {},
    rawErrors: [],
    required: true,
    disabled: false,
    idSchema: { $id: 'root_accountName' },
    ...overrides,
  } as any);

/** The field as the form holds it: its value comes back through onChange. */
function Controlled() {
  const [value, setValue] = useState<string | undefined>();
  return (
    <AccountNameField
      {...fieldProps({ formData: value, onChange: setValue })}
    />
  );
}

const allowed: AllowedRegions = {
  organizationalUnit: {
    id: 'ou-sbx',
    name: 'Sandbox',
    path: 'Root/Sandbox',
    managedOrganizationalUnit: 'Sandbox (ou-sbx)',
    suspended: false,
  },
  regions: [
    { region: 'eu-west-1', allowed: true, reason: 'allowed' },
    {
      region: 'us-east-1',
      allowed: false,
      reason: 'denied by region-allow-list at ou-sbx',
    },
  ],
  allowedRegions: ['eu-west-1'],
};

const validation = () => {
  const errors: string[] = [];
  return { errors, addError: (e: string) => errors.push(e) } as any;
};

jest.setTimeout(30_000);

describe('the account name field', () => {
  it('says as one types whether the name is valid and free', async () => {
    const checkAvailability = jest.fn(async (q: { name?: string }) =>
      q.name === 'payments-prod'
        ? {
            name: {
              value: q.name,
              available: false,
              takenBy: {
                kind: 'account' as const,
                accountId: '914736720336',
                accountName: 'payments-prod',
              },
            },
          }
        : { name: { value: q.name!, available: true } },
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            landingZoneVendingApiRef,
            { checkAvailability } as Partial<LandingZoneVendingApi> as any,
          ],
        ]}
      >
        <Controlled />
      </TestApiProvider>,
    );
    const input = screen.getByLabelText(/Account name/);
    await userEvent.type(input, 'payments-prod');
    expect(
      await screen.findByText(
        'payments-prod is already used by payments-prod (914736720336)',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, '決済-sandbox');
    expect(await screen.findByText('決済-sandbox is free')).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, ' padded');
    expect(
      await screen.findByText('Not valid: must not start or end with a space'),
    ).toBeInTheDocument();
    // An invalid value is never sent to the backend.
    await waitFor(() =>
      expect(checkAvailability).not.toHaveBeenCalledWith({ name: ' padded' }),
    );
  });

  it('blocks the step on a taken value, with who holds it', async () => {
    const api = {
      checkAvailability: jest.fn().mockResolvedValue({
        email: {
          value: 'aws+x@example.com',
          available: false,
          takenBy: {
            kind: 'request',
            requestId: 'r1',
            accountName: 'x',
            pullRequestUrl: 'http://gh/pull/1',
          },
        },
      }),
    };
    const v = validation();
    await availabilityValidator('email')('aws+x@example.com', v, {
      apiHolder: { get: () => api },
      formData: {},
      schema: {},
    } as any);
    expect(v.errors).toEqual([
      'aws+x@example.com is already used by x (http://gh/pull/1)',
    ]);
    const bad = validation();
    await availabilityValidator('email')('no-at-sign', bad, {
      apiHolder: { get: () => api },
      formData: {},
      schema: {},
    } as any);
    expect(bad.errors).toEqual(['must contain exactly one @']);
  });
});

describe('the region picker', () => {
  it("offers the regions the OU's SCPs allow and says which policy denies the rest", async () => {
    const onChange = jest.fn();
    const getAllowedRegions = jest.fn().mockResolvedValue(allowed);
    await renderInTestApp(
      <TestApiProvider
        apis={[[landingZoneVendingApiRef, { getAllowedRegions } as any]]}
      >
        <RegionPicker
          {...fieldProps({
            schema: { title: 'Regions', type: 'array' },
            formData: [],
            onChange,
            formContext: { formData: { ouId: 'ou-sbx' } },
          })}
        />
      </TestApiProvider>,
    );
    const group = await screen.findByRole('group', {
      name: 'As the service control policies on Root/Sandbox allow',
    });
    expect(getAllowedRegions).toHaveBeenCalledWith('ou-sbx');
    const east = within(group).getByRole('checkbox', { name: /us-east-1/ });
    expect(east).toBeDisabled();
    expect(
      within(group).getByText('denied: denied by region-allow-list at ou-sbx'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(group).getByRole('checkbox', { name: /eu-west-1/ }),
    );
    expect(onChange).toHaveBeenCalledWith(['eu-west-1']);
  });

  it('asks for the OU first, and blocks a denied region', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[landingZoneVendingApiRef, {} as any]]}>
        <RegionPicker
          {...fieldProps({
            schema: { title: 'Regions', type: 'array' },
            onChange: jest.fn(),
            formContext: { formData: {} },
          })}
        />
      </TestApiProvider>,
    );
    expect(screen.getByText(/Pick the OU first/)).toBeInTheDocument();

    const v = validation();
    await regionValidator(['eu-west-1', 'us-east-1'], v, {
      apiHolder: {
        get: () => ({ getAllowedRegions: async () => allowed }),
      },
      formData: { ouId: 'ou-sbx' },
      schema: {},
      uiSchema: {},
    } as any);
    expect(v.errors).toEqual([
      'us-east-1: denied by the service control policies on Root/Sandbox',
    ]);

    // None picked (the form pads a required array with an empty item).
    const none = validation();
    await regionValidator([undefined as unknown as string], none, {
      apiHolder: { get: () => undefined },
      formData: { ouId: 'ou-sbx' },
      schema: {},
    } as any);
    expect(none.errors).toEqual(['Pick at least one region']);
  });
});

describe('the CIDR preview', () => {
  it('shows the block a VPC of the chosen size would get now, and keeps it for the review', async () => {
    const onChange = jest.fn();
    const listCidrPools = jest.fn().mockResolvedValue({
      defaultPrefixLength: 16,
      prefixLength: 20,
      pools: [
        { name: 'full', cidr: '10.0.0.0/20', allocated: 1 },
        {
          name: 'workloads',
          cidr: '10.128.0.0/12',
          nextFree: '10.128.32.0/20',
          allocated: 2,
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[[landingZoneVendingApiRef, { listCidrPools } as any]]}
      >
        <CidrPreview
          {...fieldProps({
            schema: { title: "The VPC's CIDR", type: 'string' },
            onChange,
            formContext: {
              formData: { vpcPrefixLength: 20, standardVpc: true },
            },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        '10.128.32.0/20, the next free block of workloads (10.128.0.0/12)',
      ),
    ).toBeInTheDocument();
    expect(listCidrPools).toHaveBeenCalledWith({ prefixLength: 20 });
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith('10.128.32.0/20'),
    );
  });

  it('says when no VPC is wanted, or no pool has room', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[landingZoneVendingApiRef, {} as any]]}>
        <CidrPreview
          {...fieldProps({
            schema: { type: 'string' },
            onChange,
            formContext: { formData: { standardVpc: false } },
          })}
        />
      </TestApiProvider>,
    );
    expect(screen.getByText('No VPC is requested.')).toBeInTheDocument();
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(undefined));
  });

  it('says so when every pool is full', async () => {
    const listCidrPools = jest.fn().mockResolvedValue({
      defaultPrefixLength: 16,
      prefixLength: 16,
      pools: [{ name: 'workloads', cidr: '10.128.0.0/16', allocated: 1 }],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[[landingZoneVendingApiRef, { listCidrPools } as any]]}
      >
        <CidrPreview
          {...fieldProps({
            schema: { type: 'string' },
            onChange: jest.fn(),
            formContext: { formData: { vpcPrefixLength: 16 } },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/No pool has a free block of this size/),
    ).toBeInTheDocument();
  });
});
