import type { RouteTable } from '@aws-sdk/client-ec2';
import { tierOf } from './network';

const table = (...routes: NonNullable<RouteTable['Routes']>): RouteTable => ({
  Routes: [
    { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
    ...routes,
  ],
});

describe('tierOf', () => {
  it('calls a subnet routed to an internet gateway public', () => {
    expect(
      tierOf(table({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' })),
    ).toBe('public');
  });

  it('calls a subnet with an egress-only path private', () => {
    expect(
      tierOf(
        table({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }),
      ),
    ).toBe('private');
    // The hub-egress pattern: default route to a transit gateway.
    expect(
      tierOf(
        table({ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' }),
      ),
    ).toBe('private');
    // A NAT instance, by instance or by its network interface.
    expect(
      tierOf(table({ DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-1' })),
    ).toBe('private');
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '0.0.0.0/0',
          NetworkInterfaceId: 'eni-1',
        }),
      ),
    ).toBe('private');
  });

  it('calls a subnet with no way out isolated', () => {
    expect(tierOf(table())).toBe('isolated');
    expect(tierOf(undefined)).toBe('isolated');
    // A transit-gateway route to a private range is not egress.
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '10.1.0.0/16',
          TransitGatewayId: 'tgw-1',
        }),
      ),
    ).toBe('isolated');
  });

  it('ignores blackhole routes, whose target is gone', () => {
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: 'igw-1',
          State: 'blackhole',
        }),
      ),
    ).toBe('isolated');
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: 'nat-1',
          State: 'blackhole',
        }),
      ),
    ).toBe('isolated');
  });
});
