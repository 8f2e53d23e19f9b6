import type {
  AccountFacts,
  AccountIdentity,
} from '@internal/plugin-landing-zone-common';
import type { AccountCollector } from '../collect/account';
import { AccountCollection } from './AccountCollection';
import { SerialWrites } from './SerialWrites';

const identity = (id: string, status: string): AccountIdentity => ({
  id,
  name: `account-${id}`,
  email: `${id}@example.com`,
  status,
  parentId: 'r-1',
  parentIds: ['r-1'],
  ouPath: 'Root',
  tags: {},
  environment: 'unknown',
});

function collectionOf(current?: (id: string) => AccountIdentity | undefined) {
  const collected: AccountIdentity[] = [];
  const saved: string[] = [];
  const progress: object[] = [];
  const collector = {
    collect: async (account: AccountIdentity): Promise<AccountFacts> => {
      collected.push(account);
      return {
        account,
        global: undefined,
        regions: {},
        collectedAt: new Date().toISOString(),
      } as unknown as AccountFacts;
    },
  } as unknown as AccountCollector;
  const collection = AccountCollection.create({
    collector,
    current,
    facts: {
      save: async batch => {
        saved.push(...batch.map(f => f.account.id));
      },
    },
    writes: SerialWrites.create(),
    progress: async counts => {
      progress.push(counts);
    },
    concurrency: 2,
    batchSize: 10,
  });
  return { collection, collected, saved, progress };
}

describe('AccountCollection', () => {
  it('collects only ACTIVE accounts; the others are not due', async () => {
    const { collection, collected, saved } = collectionOf();

    await collection.collect([
      identity('111111111111', 'ACTIVE'),
      identity('222222222222', 'SUSPENDED'),
      identity('333333333333', 'PENDING_CLOSURE'),
      identity('444444444444', 'CLOSED'),
      identity('555555555555', 'ACTIVE'),
    ]);
    const outcome = await collection.finish();

    expect(collected.map(a => a.id)).toEqual(['111111111111', '555555555555']);
    expect(saved).toEqual(['111111111111', '555555555555']);
    expect(outcome).toMatchObject({ total: 2, done: 2, skipped: 0 });
  });

  it('drops an account whose state changed, or that left, by its turn, and collects the others as the organisation now has them', async () => {
    // As the store had them before this scan's organisation read.
    const stored = [
      identity('111111111111', 'ACTIVE'),
      identity('222222222222', 'ACTIVE'),
      identity('333333333333', 'ACTIVE'),
    ];
    const now = new Map([
      ['111111111111', { ...stored[0], name: 'renamed' }],
      ['222222222222', identity('222222222222', 'SUSPENDED')],
    ]);
    const { collection, collected, progress } = collectionOf(id => now.get(id));

    await collection.collect(stored);
    const outcome = await collection.finish();

    expect(collected).toEqual([now.get('111111111111')]);
    expect(outcome).toMatchObject({ total: 1, done: 1, skipped: 0 });
    expect(progress.at(-2)).toEqual({ accountsTotal: 1 });
  });
});
