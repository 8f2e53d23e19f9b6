import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Open the account request as a pull request against the configured infrastructure repository.',
    example: yaml.stringify({
      steps: [
        {
          id: 'repository',
          action: 'landing-zone:vending:repository',
          name: 'Find the infrastructure repository',
        },
        {
          id: 'publish',
          action: 'publish:github:pull-request',
          name: 'Open the pull request',
          input: {
            repoUrl: '${{ steps.repository.output.repoUrl }}',
            targetBranchName: '${{ steps.repository.output.targetBranch }}',
            branchName: 'account-request/${{ parameters.accountName }}',
            title: 'Account request: ${{ parameters.accountName }}',
            description: 'Requested through the Landing Zone Portal.',
          },
        },
      ],
    }),
  },
];
