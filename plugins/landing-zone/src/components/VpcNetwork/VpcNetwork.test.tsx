import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { landingZoneApiRef } from '../../api';
import { mockLandingZoneApi, vpc, vpcEntity } from '../testData';
import { VpcNetwork } from './VpcNetwork';

// The peered VPC, as the catalog module names and titles it.
const peerEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'aws-vpc-vpc-0gateway', title: 'gateway-euw1' },
  spec: { type: 'aws-vpc', owner: 'group:default/platform-team' },
};

function render(api: ReturnType<typeof mockLandingZoneApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [landingZoneApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [peerEntity] })],
      ]}
    >
      <EntityProvider entity={vpcEntity}>
        <VpcNetwork />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('VpcNetwork', () => {
  it("shows the VPC's CIDRs, tiers, flow logs and links, the peer linking to its entity", async () => {
    const other = { ...vpc, vpcId: 'vpc-0other', links: [] };
    const listVpcs = jest
      .fn()
      .mockResolvedValueOnce({
        items: [other],
        nextCursor: 'c2',
        totalCount: 2,
      })
      .mockResolvedValueOnce({ items: [vpc], totalCount: 2 });
    await render(mockLandingZoneApi({ listVpcs }));

    expect(await screen.findByText('CIDR blocks')).toBeInTheDocument();
    expect(screen.getAllByText('10.20.0.0/16').length).toBeGreaterThan(0);
    // It pages through the account's VPCs to find this one.
    expect(listVpcs).toHaveBeenNthCalledWith(1, {
      accountId: '111122223333',
      limit: 500,
      cursor: undefined,
    });
    expect(listVpcs).toHaveBeenNthCalledWith(2, {
      accountId: '111122223333',
      limit: 500,
      cursor: 'c2',
    });
    expect(screen.getByText('Public: 3 subnets')).toBeInTheDocument();
    expect(screen.getByText('Private: 3 subnets')).toBeInTheDocument();
    expect(screen.getByText('Isolated: 2 subnets')).toBeInTheDocument();
    expect(
      screen.getByText('Off: no flow log captures this VPC’s traffic'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('vpc-link-graph')).toBeInTheDocument();
    // The peer by its catalog title, linking to its entity page.
    await screen.findByRole('link', { name: 'gateway-euw1 (vpc-0gateway)' });
    const peerLinks = screen.getAllByRole('link', { name: /gateway-euw1/ });
    // In the list; the graph's nodes render only once measured, which jsdom
    // cannot (the browser test sees them).
    expect(peerLinks.length).toBeGreaterThanOrEqual(1);
    for (const link of peerLinks) {
      expect(link).toHaveAttribute(
        'href',
        '/catalog/default/resource/aws-vpc-vpc-0gateway',
      );
    }
    expect(
      screen.getAllByText(/Peering pcx-0f0f0f0f \(active\)/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(
        /Transit gateway attachment tgw-attach-0123 \(available\)/,
      ).length,
    ).toBeGreaterThan(0);
  });

  it('says when the last scan did not see the VPC', async () => {
    await render(
      mockLandingZoneApi({
        listVpcs: async () => ({ items: [], totalCount: 0 }),
      }),
    );
    expect(await screen.findByText('VPC not found')).toBeInTheDocument();
    expect(
      screen.getByText(/did not see VPC vpc-0a1b2c3d in account 111122223333/),
    ).toBeInTheDocument();
  });

  it('says that a VPC without links is reachable from nothing', async () => {
    await render(
      mockLandingZoneApi({
        listVpcs: async () => ({
          items: [{ ...vpc, links: [], flowLogs: true }],
          totalCount: 1,
        }),
      }),
    );
    expect(
      await screen.findByText(/no peering connection and no transit-gateway/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('vpc-link-graph')).toBeNull();
    expect(screen.getByText('On')).toBeInTheDocument();
  });
});
