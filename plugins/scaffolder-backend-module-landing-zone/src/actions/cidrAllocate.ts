import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { LandingZoneVendingService } from '@internal/plugin-landing-zone-node';
import { asInputErrors } from './errors';
import { examples } from './cidrAllocate.examples';

/**
 * Creates the `landing-zone:cidr:allocate` action: a VPC CIDR block that
 * overlaps no VPC of the organisation and no request in flight, reserved in
 * the landing-zone backend.
 *
 * @public
 */
export function createCidrAllocateAction(options: {
  vending: LandingZoneVendingService;
}) {
  const { vending } = options;
  return createTemplateAction({
    id: 'landing-zone:cidr:allocate',
    description:
      "Reserves the first free block of the wanted size in a configured CIDR pool (landingZone.vending.cidrPools) that overlaps no VPC in the inventory and no request in flight. The reservation lapses (landingZone.vending.reservationMinutes, default 60) unless landing-zone:account-request:register holds it; the same requestKey gets the same block again while it is reserved, so a retried task does not take a second one. The block is released when the request's pull request is closed unmerged.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        requestKey: z =>
          z.string({
            description:
              'What the block is for: the requested account name. The same key gets the same block while it is reserved',
          }),
        prefixLength: z =>
          z
            .number({
              description:
                "The block's size as a prefix length, /16 to /28 and no larger than the pool; default landingZone.vending.defaultPrefixLength",
            })
            .int()
            .optional(),
        pool: z =>
          z
            .string({
              description:
                'The pool to take it from; default the first configured',
            })
            .optional(),
      },
      output: {
        cidr: z => z.string({ description: 'The block, e.g. 10.128.0.0/16' }),
        allocationId: z =>
          z.string({
            description:
              'Pass it to landing-zone:account-request:register, which holds the block for the request',
          }),
        pool: z =>
          z.string({ description: 'The pool it came from' }).optional(),
        expiresAt: z =>
          z
            .string({
              description:
                'When the reservation lapses unless a request holds it (ISO 8601)',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { requestKey, prefixLength, pool } = ctx.input;
      if (ctx.isDryRun) {
        // A dry run shows the block it would get and reserves nothing.
        const pools = await asInputErrors(() =>
          vending.listCidrPools({ prefixLength }),
        );
        const chosen = pool
          ? pools.pools.find(p => p.name === pool)
          : pools.pools[0];
        ctx.logger.info('Dry run: no block is reserved', {
          pool: chosen?.name,
          nextFree: chosen?.nextFree,
        });
        ctx.output('cidr', chosen?.nextFree ?? '0.0.0.0/0');
        ctx.output('allocationId', 'dry-run');
        if (chosen) ctx.output('pool', chosen.name);
        return;
      }
      ctx.logger.info('Allocating a VPC CIDR block', {
        requestKey,
        prefixLength,
        pool,
      });
      // The backend is idempotent per key; the checkpoint spares a retried
      // task even the call.
      const allocation = await ctx.checkpoint({
        key: `landing-zone.cidr.allocate.${requestKey}.${pool ?? ''}.${
          prefixLength ?? ''
        }`,
        fn: async () => {
          const a = await asInputErrors(() =>
            vending.allocateCidr({ requestKey, prefixLength, pool }),
          );
          return {
            id: a.id,
            cidr: a.cidr,
            pool: a.pool,
            expiresAt: a.expiresAt ?? null,
          };
        },
      });
      ctx.logger.info('Reserved a VPC CIDR block', {
        cidr: allocation.cidr,
        pool: allocation.pool,
        allocationId: allocation.id,
        expiresAt: allocation.expiresAt,
      });
      ctx.output('cidr', allocation.cidr);
      ctx.output('allocationId', allocation.id);
      ctx.output('pool', allocation.pool);
      if (allocation.expiresAt) ctx.output('expiresAt', allocation.expiresAt);
    },
  });
}
