import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Where a service stack goes: the chosen account's VPC and subnets in a region. A prod account that does not pass every guardrail is refused.",
    example: yaml.stringify({
      steps: [
        {
          id: 'network',
          action: 'landing-zone:account:network',
          name: "Read the account's network",
          input: {
            accountId: '${{ parameters.accountId }}',
            region: '${{ parameters.region }}',
            environment: '${{ parameters.environment }}',
          },
        },
        {
          id: 'render',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            values: {
              vpcId: '${{ steps.network.output.vpcId }}',
              privateSubnetIds: '${{ steps.network.output.privateSubnetIds }}',
            },
          },
        },
      ],
    }),
  },
];
