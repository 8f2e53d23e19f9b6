import { parseCliArgs, UsageError } from './cliArgs';

describe('parseCliArgs', () => {
  it('defaults to the demo organisation on port 4566', () => {
    expect(parseCliArgs([])).toEqual({
      port: 4566,
      help: false,
      org: undefined,
      generate: undefined,
      faults: undefined,
    });
  });

  it('ignores the `--` that yarn passes through', () => {
    expect(parseCliArgs(['--', '--port', '4567']).port).toBe(4567);
  });

  it('parses --generate and every fault flag', () => {
    expect(
      parseCliArgs([
        '--generate',
        'accounts=5000,regions=4,seed=7,noncompliant=0.2',
        '--port',
        '0',
        '--throttle',
        'organizations=2/4',
        '--throttle',
        'ec2:DescribeVpcs=20/40',
        '--latency',
        '30',
        '--jitter',
        '10',
        '--error-rate',
        '0.05',
        '--error-services',
        'ec2,iam',
        '--deny-assume-role',
        '123456789012,210987654321',
        '--fault-seed',
        '9',
        '--page-size',
        '3',
      ]),
    ).toEqual({
      org: undefined,
      port: 0,
      help: false,
      generate: {
        accounts: 5000,
        regions: 4,
        seed: 7,
        nonCompliantFraction: 0.2,
      },
      faults: {
        rateLimits: {
          organizations: { rate: 2, burst: 4 },
          'ec2:DescribeVpcs': { rate: 20, burst: 40 },
        },
        latency: { ms: 30, jitterMs: 10 },
        serverErrors: { rate: 0.05, services: ['ec2', 'iam'] },
        assumeRoleDenied: ['123456789012', '210987654321'],
        seed: 9,
        pageSize: 3,
      },
    });
  });

  it.each([
    [['--org', 'a.yaml', '--generate', 'accounts=10'], /exclude each other/],
    [['--generate', 'regions=2'], /needs accounts=N/],
    [['--generate', 'accounts=10,size=3'], /does not know "size"/],
    [['--throttle', 'ec2=fast'], /KEY=RATE\/BURST/],
    [['--port', 'x'], /--port expects a number/],
    [['--error-rate', '3'], /between 0 and 1/],
    [['--deny-assume-role', '123'], /12-digit/],
    [['--colour'], /Unknown option/],
    [['--page-size', '0'], /--page-size expects a number ≥ 1/],
    [['--page-size', '2.5'], /--page-size expects a whole number/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
