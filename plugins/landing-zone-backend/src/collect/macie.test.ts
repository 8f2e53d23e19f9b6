import { readMacie } from './macie';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { workloadsOrganization } from './__testUtils__/workloads';

jest.setTimeout(120_000);

describe('readMacie against the sandbox', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox({
      org: workloadsOrganization(),
      github: false,
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  async function client(region: string) {
    return env.clients.macie2(region, await env.member(env.idOf('workloads')));
  }

  it('reads the status where Macie is enabled', async () => {
    const { macie } = await readMacie(await client('eu-west-1'));

    expect(macie).toEqual({
      data: { status: 'ENABLED' },
      collectedAt: expect.any(String),
    });
  });

  it('reads "Macie is not enabled" as DISABLED, a fact and not an error', async () => {
    const { macie } = await readMacie(await client('us-east-1'));

    expect(macie).toEqual({
      data: { status: 'DISABLED' },
      collectedAt: expect.any(String),
    });
  });

  it('keeps any other access denial as the error', async () => {
    const denied = denyCommands(
      await client('eu-west-1'),
      ['GetMacieSessionCommand'],
      'AccessDeniedException',
    );

    const { macie } = await readMacie(denied);

    expect(macie.error).toMatchObject({
      code: 'AccessDeniedException',
      operation: 'macie2:GetMacieSession',
    });
  });
});
