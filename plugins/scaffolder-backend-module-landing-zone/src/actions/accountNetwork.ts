import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { LandingZoneVendingService } from '@internal/plugin-landing-zone-node';
import { asInputErrors } from './errors';
import { examples } from './accountNetwork.examples';

/**
 * Creates the `landing-zone:account:network` action: an account's VPC and
 * subnets from the inventory, refusing a prod account that does not pass
 * every guardrail.
 *
 * @public
 */
export function createAccountNetworkAction(options: {
  vending: LandingZoneVendingService;
}) {
  const { vending } = options;
  return createTemplateAction({
    id: 'landing-zone:account:network',
    description:
      "Reads an existing account's VPC in a region from the landing-zone inventory: its id and CIDR, its private and public subnets, and whether the account is compliant. A prod account (by the input or by the inventory) that does not pass every guardrail is refused, naming the failing guardrails.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: z =>
          z.string({ description: 'The 12-digit AWS account id' }),
        region: z =>
          z
            .string({
              description:
                "The VPC's region; default the first of the organisation's regions where the account has one",
            })
            .optional(),
        environment: z =>
          z
            .string({
              description:
                'The environment the stack is for (prod, stage, qa, sandbox); prod, or a prod account, needs every guardrail passing',
            })
            .optional(),
        vpcId: z =>
          z
            .string({
              description:
                'A VPC of the account to use; default its own VPC with private subnets',
            })
            .optional(),
      },
      output: {
        accountId: z => z.string(),
        accountName: z => z.string(),
        environment: z =>
          z.string({
            description:
              "The input's environment, else the inventory's (prod, non-prod, unknown)",
          }),
        region: z => z.string(),
        vpcId: z => z.string(),
        vpcCidr: z => z.string(),
        privateSubnetIds: z => z.array(z.string()),
        publicSubnetIds: z => z.array(z.string()),
        isolatedSubnetIds: z => z.array(z.string()).optional(),
        compliant: z =>
          z.boolean({ description: 'Whether every guardrail passes' }),
      },
    },
    async handler(ctx) {
      const { accountId, region, environment, vpcId } = ctx.input;
      if (!/^\d{12}$/.test(accountId ?? '')) {
        throw new InputError(
          `accountId: '${accountId}' is not a 12-digit AWS account id; pick the account with the account picker`,
        );
      }
      ctx.logger.info("Reading the account's network", {
        accountId,
        region,
        environment,
      });
      const network = await asInputErrors(() =>
        vending.getAccountNetwork(accountId, { region, vpcId }),
      );
      if (!network) {
        throw new InputError(
          `accountId: there is no account ${accountId} in the landing-zone inventory; pick one with the account picker, or wait for the next scan if it is new`,
        );
      }
      const prod = environment === 'prod' || network.environment === 'prod';
      if (prod && !network.compliant) {
        const failing = network.failingGuardrails.map(g => g.title);
        const why = failing.length
          ? `fails ${failing.length} guardrail${
              failing.length === 1 ? '' : 's'
            }: ${failing.join(', ')}`
          : `does not pass every guardrail (its compliance is ${network.compliance}: some could not be judged)`;
        throw new InputError(
          `accountId: ${network.accountName} (${accountId}) is a prod account and ${why}. A prod stack goes only into a compliant account: fix the guardrails (the account's Guardrails tab says how) and run again after the next scan`,
        );
      }
      ctx.logger.info('Found the VPC', {
        vpcId: network.vpcId,
        region: network.region,
        vpcCidr: network.vpcCidr,
        compliant: network.compliant,
      });
      ctx.output('accountId', network.accountId);
      ctx.output('accountName', network.accountName);
      ctx.output('environment', environment ?? network.environment);
      ctx.output('region', network.region);
      ctx.output('vpcId', network.vpcId);
      ctx.output('vpcCidr', network.vpcCidr);
      ctx.output('privateSubnetIds', network.privateSubnetIds);
      ctx.output('publicSubnetIds', network.publicSubnetIds);
      ctx.output('isolatedSubnetIds', network.isolatedSubnetIds);
      ctx.output('compliant', network.compliant);
    },
  });
}
