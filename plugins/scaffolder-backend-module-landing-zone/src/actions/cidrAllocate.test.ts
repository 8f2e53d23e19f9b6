import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { CidrAllocation } from '@internal/plugin-landing-zone-common';
import { fakeVending, responseError } from '../__testUtils__/fakeVending';
import { createCidrAllocateAction } from './cidrAllocate';

const allocation: CidrAllocation = {
  id: 'a-1',
  pool: 'workloads',
  cidr: '10.128.0.0/20',
  prefixLength: 20,
  requestKey: 'payments-dev',
  state: 'reserved',
  createdAt: '2026-12-02T10:00:00.000Z',
  expiresAt: '2026-12-02T11:00:00.000Z',
};

describe('landing-zone:cidr:allocate', () => {
  it('reserves a block and outputs it with its allocation id', async () => {
    const vending = fakeVending({
      allocateCidr: jest.fn(async () => allocation),
    });
    const ctx = createMockActionContext({
      input: { requestKey: 'payments-dev', prefixLength: 20 },
    });
    await createCidrAllocateAction({ vending }).handler(ctx);
    expect(vending.allocateCidr).toHaveBeenCalledWith({
      requestKey: 'payments-dev',
      prefixLength: 20,
      pool: undefined,
    });
    expect(Object.fromEntries((ctx.output as jest.Mock).mock.calls)).toEqual({
      cidr: '10.128.0.0/20',
      allocationId: 'a-1',
      pool: 'workloads',
      expiresAt: '2026-12-02T11:00:00.000Z',
    });
  });

  it('runs the allocation in a checkpoint keyed by the request', async () => {
    const vending = fakeVending({
      allocateCidr: jest.fn(async () => allocation),
    });
    const ctx = createMockActionContext({
      input: { requestKey: 'payments-dev' },
    });
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await createCidrAllocateAction({ vending }).handler(ctx);
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({
        key: 'landing-zone.cidr.allocate.payments-dev..',
      }),
    );
  });

  it('reserves nothing in a dry run and shows the block it would get', async () => {
    const vending = fakeVending({
      listCidrPools: jest.fn(async () => ({
        defaultPrefixLength: 16,
        prefixLength: 16,
        pools: [
          {
            name: 'workloads',
            cidr: '10.128.0.0/12',
            nextFree: '10.128.0.0/16',
            allocated: 0,
          },
        ],
      })),
    });
    const ctx = {
      ...createMockActionContext({ input: { requestKey: 'payments-dev' } }),
      isDryRun: true,
    };
    await createCidrAllocateAction({ vending }).handler(ctx);
    expect(vending.allocateCidr).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('cidr', '10.128.0.0/16');
    expect(ctx.output).toHaveBeenCalledWith('allocationId', 'dry-run');
  });

  it.each([
    [
      'an exhausted pool',
      "pool: 'workloads' (10.128.0.0/12) has no free /16: all 16 are taken by VPCs in the inventory or by open requests.",
    ],
    [
      'a prefix outside the pool',
      "prefixLength: /8 does not fit pool 'workloads' (10.128.0.0/12); a VPC takes /16 to /28, so use /16 to /28",
    ],
  ])(
    'turns %s into an InputError with the backend message',
    async (_, message) => {
      const vending = fakeVending({
        allocateCidr: jest.fn(async () => {
          throw await responseError(400, 'InputError', message);
        }),
      });
      await expect(
        createCidrAllocateAction({ vending }).handler(
          createMockActionContext({
            input: { requestKey: 'x', prefixLength: 8 },
          }),
        ),
      ).rejects.toEqual(new InputError(message));
    },
  );
});
