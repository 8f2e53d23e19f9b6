import { GithubHost } from './GithubHost';

describe('GithubHost.pendingThen', () => {
  it('runs the outcome only after the pending step has landed, however slow it is', async () => {
    const host = await GithubHost.create({
      token: 't',
      login: 'tester',
      seeds: [],
    });
    try {
      const landed: string[] = [];
      // A pending status whose commit read is slow (a busy machine), and an
      // outcome due at once: the outcome must still land last.
      host.pendingThen(
        async () => {
          await new Promise(resolve => setTimeout(resolve, 80));
          landed.push('pending');
        },
        0,
        async () => {
          landed.push('success');
        },
      );
      const deadline = Date.now() + 5_000;
      while (landed.length < 2 && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      expect(landed).toEqual(['pending', 'success']);
    } finally {
      await host.close();
    }
  });
});
