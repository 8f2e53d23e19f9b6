import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check an account request against the live organisation before anything is written.',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'landing-zone:account:validate',
          name: 'Check the request',
          input: {
            accountName: '${{ parameters.accountName }}',
            email: '${{ parameters.email }}',
            ouId: '${{ parameters.ouId }}',
            environment: '${{ parameters.environment }}',
            regions: '${{ parameters.regions }}',
          },
        },
      ],
    }),
  },
  {
    description:
      "A fixed request; AFT's ManagedOrganizationalUnit is in the output.",
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'landing-zone:account:validate',
          name: 'Check the request',
          input: {
            accountName: 'payments-sandbox',
            email: 'aws+payments-sandbox@example.com',
            ouId: 'ou-f1nt-sandb0x0',
            environment: 'sandbox',
            regions: ['eu-west-1', 'eu-central-1'],
          },
        },
        {
          id: 'log',
          action: 'debug:log',
          input: {
            message:
              'Into ${{ steps.validate.output.managedOrganizationalUnit }}; allowed there: ${{ steps.validate.output.allowedRegions | join(", ") }}',
          },
        },
      ],
    }),
  },
];
