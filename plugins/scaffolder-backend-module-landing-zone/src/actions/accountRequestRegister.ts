import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  vendingEnvironments,
  type VendingEnvironment,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneVendingService } from '@internal/plugin-landing-zone-node';
import { asInputErrors } from './errors';
import { examples } from './accountRequestRegister.examples';

const environments = vendingEnvironments as [
  VendingEnvironment,
  ...VendingEnvironment[],
];

/**
 * Creates the `landing-zone:account-request:register` action: the request
 * recorded in the landing-zone backend once its pull request is open.
 *
 * @public
 */
export function createAccountRequestRegisterAction(options: {
  vending: LandingZoneVendingService;
}) {
  const { vending } = options;
  return createTemplateAction({
    id: 'landing-zone:account-request:register',
    description:
      "Records an account request whose pull request is open, so the portal follows it: the pull request's state and commit statuses, the portal's own landing-zone/guardrails status on it, the account once the scanner sees it, its guardrails. Holds the CIDR allocation for the request and makes its name and email taken. Registering the same pull request again returns the same request.",
    examples,
    schema: {
      input: {
        accountName: z => z.string({ description: 'The account name' }),
        email: z => z.string({ description: "The root user's email" }),
        ouId: z => z.string({ description: 'The OU the account goes in' }),
        environment: z =>
          z.enum(environments, { description: 'prod, stage, qa or sandbox' }),
        regions: z =>
          z.array(z.string(), {
            description: 'Regions the account may run workloads in',
          }),
        monthlyBudgetUsd: z =>
          z
            .number({ description: 'The monthly budget in US dollars' })
            .nonnegative()
            .optional(),
        allocationId: z =>
          z
            .string({
              description:
                "landing-zone:cidr:allocate's allocationId: the block the request's VPC uses",
            })
            .optional(),
        pullRequestUrl: z =>
          z.string({
            description:
              "The pull request's web URL: publish:github:pull-request's remoteUrl",
          }),
        requestedBy: z =>
          z
            .string({
              description:
                'Entity reference of who asked; default the user running the template',
            })
            .optional(),
      },
      output: {
        requestId: z => z.string({ description: "The request's id" }),
        requestUrl: z =>
          z.string({
            description:
              "The request's page in the portal, e.g. https://portal.example.com/landing-zone/requests/<id>",
          }),
        cidr: z =>
          z
            .string({ description: 'The block the request holds, if any' })
            .optional(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const requestedBy = input.requestedBy || ctx.user?.ref;
      ctx.logger.info('Registering the account request', {
        accountName: input.accountName,
        pullRequestUrl: input.pullRequestUrl,
        allocationId: input.allocationId,
      });
      const registered = await ctx.checkpoint({
        key: `landing-zone.account-request.register.${input.pullRequestUrl}`,
        fn: async () => {
          const { request, requestUrl } = await asInputErrors(() =>
            vending.registerAccountRequest({
              accountName: input.accountName,
              email: input.email,
              ouId: input.ouId,
              environment: input.environment,
              regions: input.regions ?? [],
              monthlyBudgetUsd:
                input.monthlyBudgetUsd === undefined
                  ? undefined
                  : Number(input.monthlyBudgetUsd),
              // An empty string is a template's "no VPC": no allocation.
              allocationId: input.allocationId || undefined,
              pullRequestUrl: input.pullRequestUrl,
              requestedBy,
            }),
          );
          return { id: request.id, requestUrl, cidr: request.cidr ?? null };
        },
      });
      ctx.logger.info('The portal follows the account request', {
        requestId: registered.id,
        requestUrl: registered.requestUrl,
        cidr: registered.cidr,
      });
      ctx.output('requestId', registered.id);
      ctx.output('requestUrl', registered.requestUrl);
      if (registered.cidr) ctx.output('cidr', registered.cidr);
    },
  });
}
