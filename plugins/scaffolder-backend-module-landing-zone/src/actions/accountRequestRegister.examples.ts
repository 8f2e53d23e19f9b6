import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After the pull request is open: the portal follows it, holds its CIDR block and posts its guardrails status on it.',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'landing-zone:account-request:register',
          name: 'Follow the request',
          input: {
            accountName: '${{ parameters.accountName }}',
            email: '${{ parameters.email }}',
            ouId: '${{ parameters.ouId }}',
            environment: '${{ parameters.environment }}',
            regions: '${{ parameters.regions }}',
            monthlyBudgetUsd: '${{ parameters.monthlyBudgetUsd }}',
            allocationId: '${{ steps.cidr.output.allocationId }}',
            pullRequestUrl: '${{ steps.publish.output.remoteUrl }}',
            requestedBy: '${{ user.ref }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Follow the request',
            url: '${{ steps.register.output.requestUrl }}',
          },
        ],
      },
    }),
  },
];
