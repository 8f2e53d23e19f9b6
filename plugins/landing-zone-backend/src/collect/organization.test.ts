import {
  ListTagsForResourceCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { OrganizationReader } from './organization';

describe('OrganizationReader.readTags', () => {
  it("keeps every other account's tags when one read fails", async () => {
    const client = new OrganizationsClient({ region: 'us-east-1' });
    jest.spyOn(client, 'send').mockImplementation(async command => {
      const id = (command as ListTagsForResourceCommand).input.ResourceId;
      if (id === '222222222222') {
        throw new TooManyRequestsException({
          message: 'AWS Organizations can not complete your request',
          $metadata: {},
        });
      }
      return { Tags: [{ Key: 'owner', Value: `team-${id}` }] };
    });
    const reader = OrganizationReader.create({ client });

    const { tags, failed } = await reader.readTags([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);

    expect(Object.fromEntries(tags)).toEqual({
      '111111111111': { owner: 'team-111111111111' },
      '333333333333': { owner: 'team-333333333333' },
    });
    expect(failed).toEqual([
      {
        accountId: '222222222222',
        error: expect.objectContaining({
          code: 'TooManyRequestsException',
          operation: 'organizations:ListTagsForResource',
        }),
      },
    ]);
  });
});
