import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Reserve the first free block of the default size in the first pool for the new account's VPC.",
    example: yaml.stringify({
      steps: [
        {
          id: 'cidr',
          action: 'landing-zone:cidr:allocate',
          name: "Allocate the VPC's CIDR",
          input: { requestKey: '${{ parameters.accountName }}' },
        },
      ],
    }),
  },
  {
    description:
      'A /20 from a named pool, held by the request once it is registered.',
    example: yaml.stringify({
      steps: [
        {
          id: 'cidr',
          action: 'landing-zone:cidr:allocate',
          name: "Allocate the VPC's CIDR",
          input: {
            requestKey: 'payments-sandbox',
            prefixLength: 20,
            pool: 'workloads',
          },
        },
        {
          id: 'register',
          action: 'landing-zone:account-request:register',
          name: 'Follow the request',
          input: {
            accountName: 'payments-sandbox',
            email: 'aws+payments-sandbox@example.com',
            ouId: 'ou-f1nt-sandb0x0',
            environment: 'sandbox',
            regions: ['eu-west-1'],
            allocationId: '${{ steps.cidr.output.allocationId }}',
            pullRequestUrl: '${{ steps.publish.output.remoteUrl }}',
          },
        },
      ],
    }),
  },
];
