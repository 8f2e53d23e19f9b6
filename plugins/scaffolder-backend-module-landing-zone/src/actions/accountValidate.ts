import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  vendingEnvironments,
  type VendingEnvironment,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneVendingService } from '@internal/plugin-landing-zone-node';
import { asInputErrors } from './errors';
import { examples } from './accountValidate.examples';

const environments = vendingEnvironments as [
  VendingEnvironment,
  ...VendingEnvironment[],
];

/**
 * Creates the `landing-zone:account:validate` action: an account request
 * checked against the live organisation, every problem in one InputError.
 *
 * @public
 */
export function createAccountValidateAction(options: {
  vending: LandingZoneVendingService;
}) {
  const { vending } = options;
  return createTemplateAction({
    id: 'landing-zone:account:validate',
    description:
      "Checks an AWS account request against the live organisation: the name (1-50 characters) and root email (6-64, a valid address) by AWS's rules and used by no account or open request, the OU known and not suspended, the regions allowed by the SCPs on the OU's path. Every problem is reported at once, one line per field.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        accountName: z =>
          z.string({
            description:
              'The account name, as AWS Organizations shows it: 1 to 50 characters',
          }),
        email: z =>
          z.string({
            description:
              "The root user's email: 6 to 64 ASCII characters, used by no other AWS account",
          }),
        ouId: z =>
          z.string({
            description:
              'The organizational unit the account goes in, e.g. ou-ab12-cd34ef56',
          }),
        environment: z =>
          z.enum(environments, {
            description: 'prod, stage, qa or sandbox',
          }),
        regions: z =>
          z.array(z.string(), {
            description:
              "Regions the account may run workloads in; each must be one of the organisation's and allowed by the OU's SCPs",
          }),
      },
      output: {
        ouId: z => z.string({ description: 'The OU id' }),
        ouName: z => z.string({ description: 'e.g. Prod' }),
        ouPath: z => z.string({ description: 'e.g. Root/Workloads/Prod' }),
        managedOrganizationalUnit: z =>
          z.string({
            description:
              "'Name (ou-id)', the form AFT's ManagedOrganizationalUnit takes",
          }),
        allowedRegions: z =>
          z.array(z.string(), {
            description:
              "The organisation's regions (landingZone.regions) the OU's SCPs allow",
          }),
        slug: z =>
          z
            .string({
              description:
                'The account name as lower-case letters, digits and dashes, for file, branch and Terraform module names',
            })
            .optional(),
        ownerTag: z =>
          z
            .string({
              description: 'The account tag that names the owning team',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { accountName, email, ouId, environment, regions } = ctx.input;
      ctx.logger.info('Checking the account request', {
        accountName,
        ouId,
        environment,
        regions: regions?.join(','),
      });
      const result = await asInputErrors(() =>
        vending.validateAccountRequest({
          accountName,
          email,
          ouId,
          environment,
          regions: regions ?? [],
        }),
      );
      if (!result.valid || !result.organizationalUnit) {
        throw new InputError(
          result.problems.map(p => `${p.field}: ${p.message}`).join('\n'),
        );
      }
      const unit = result.organizationalUnit;
      ctx.logger.info('The account request is valid', {
        ouPath: unit.path,
        allowedRegions: result.allowedRegions.join(','),
      });
      ctx.output('ouId', unit.id);
      ctx.output('ouName', unit.name);
      ctx.output('ouPath', unit.path);
      ctx.output('managedOrganizationalUnit', unit.managedOrganizationalUnit);
      ctx.output('allowedRegions', result.allowedRegions);
      ctx.output('slug', result.slug);
      ctx.output('ownerTag', result.ownerTag);
    },
  });
}
