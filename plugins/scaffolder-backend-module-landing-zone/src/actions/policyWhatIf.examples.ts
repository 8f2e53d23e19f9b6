import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "An edited SCP or RCP (from the LandingZonePolicyEditor field) judged before it is proposed: the file written as the repository keeps it, and the impact in the pull request's description.",
    example: yaml.stringify({
      steps: [
        {
          id: 'whatIf',
          action: 'landing-zone:policy:what-if',
          name: 'Judge the change on every account it reaches',
          input: {
            change: {
              kind: 'edit',
              policyId: '${{ parameters.policy.policyId }}',
              content: '${{ parameters.policy.content }}',
            },
          },
        },
        {
          id: 'document',
          action: 'fetch:template:file',
          input: {
            url: './policy/document.json.njk',
            targetPath:
              'organization/policies/${{ parameters.policy.policyType | lower }}/${{ parameters.policy.name }}.json',
            values: { document: '${{ steps.whatIf.output.document }}' },
          },
        },
        {
          id: 'publish',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=infrastructure',
            branchName: 'policy-change/${{ parameters.policy.name }}',
            title: 'Policy change: ${{ parameters.policy.name }}',
            description: '${{ steps.whatIf.output.markdown }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'What attaching a new RCP to an OU would do, before anyone writes it down.',
    example: yaml.stringify({
      steps: [
        {
          id: 'whatIf',
          action: 'landing-zone:policy:what-if',
          input: {
            change: {
              kind: 'attach-new',
              policyType: 'RCP',
              name: 'https-only',
              content: '${{ parameters.content }}',
              targetId: '${{ parameters.ouId }}',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'What detaching a policy from one of its targets would do.',
    example: yaml.stringify({
      steps: [
        {
          id: 'whatIf',
          action: 'landing-zone:policy:what-if',
          input: {
            change: {
              kind: 'detach',
              policyId: 'p-regionallow',
              targetId: 'ou-f1nt-sandb0x0',
            },
          },
        },
      ],
    }),
  },
];
