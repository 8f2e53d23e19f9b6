import path from 'node:path';
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

  it('parses the GitHub side’s flags', () => {
    expect(
      parseCliArgs(
        ['--github-root', 'repos', '--ci-delay', '100', '--factory-delay', '0'],
        '/work',
      ).github,
    ).toEqual({ root: '/work/repos', ciDelayMs: 100, factoryDelayMs: 0 });
    expect(parseCliArgs(['--no-github']).github).toBe(false);
    expect(() => parseCliArgs(['--no-github', '--ci-delay', '5'])).toThrow(
      '--no-github and --ci-delay exclude each other',
    );
    expect(() => parseCliArgs(['--factory-delay', 'soon'])).toThrow(
      /--factory-delay expects a whole number ≥ 0/,
    );
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
        '--hang',
        'ec2:DescribeVpcs, guardduty',
        '--hang',
        'sts',
        '--hang-accounts',
        '123456789012',
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
        hang: {
          keys: ['ec2:DescribeVpcs', 'guardduty', 'sts'],
          accounts: ['123456789012'],
        },
      },
    });
  });

  it('resolves a relative --org against the caller’s directory', () => {
    expect(parseCliArgs(['--org', 'orgs/mine.yaml'], '/home/me/lz').org).toBe(
      path.resolve('/home/me/lz', 'orgs/mine.yaml'),
    );
    expect(parseCliArgs(['--org', '/abs/mine.yaml'], '/home/me/lz').org).toBe(
      path.resolve('/abs/mine.yaml'),
    );
  });

  it('takes the caller’s directory from INIT_CWD (yarn), else the process’s', () => {
    const saved = process.env.INIT_CWD;
    try {
      process.env.INIT_CWD = '/where/yarn/ran';
      expect(parseCliArgs(['--org', 'x.yaml']).org).toBe(
        path.resolve('/where/yarn/ran', 'x.yaml'),
      );
      delete process.env.INIT_CWD;
      expect(parseCliArgs(['--org', 'x.yaml']).org).toBe(
        path.resolve(process.cwd(), 'x.yaml'),
      );
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });

  it.each([
    [['--org', 'a.yaml', '--generate', 'accounts=10'], /exclude each other/],
    [['--generate', 'regions=2'], /needs accounts=N/],
    [['--generate', 'accounts=10,size=3'], /does not know "size"/],
    [
      ['--generate', 'accounts=10,regions=9'],
      /--generate regions expects a whole number 1–4, got "9"/,
    ],
    [['--generate', 'accounts=10,regions=0'], /--generate regions expects/],
    [['--generate', 'accounts=10,regions=2.5'], /--generate regions expects/],
    [
      ['--generate', 'accounts=10.5'],
      /--generate accounts expects a whole number ≥ 6/,
    ],
    [
      ['--generate', 'accounts=10,noncompliant=1.5'],
      /--generate noncompliant expects a number 0–1/,
    ],
    [['--generate', 'accounts=10=3'], /key=value pairs/],
    [['--throttle', 'ec2=fast'], /KEY=RATE\/BURST/],
    [['--throttle', 'ec2=1.2.3/5'], /KEY=RATE\/BURST/],
    [['--throttle', 'ec2=/5'], /KEY=RATE\/BURST/],
    [
      ['--throttle', 'ec2=0/5'],
      /^--throttle: rateLimits\.ec2\.rate: expected a rate in calls per second above 0/,
    ],
    [
      ['--throttle', 'ec2=5/0'],
      /^--throttle: rateLimits\.ec2\.burst: expected a burst of at least 1 call/,
    ],
    [
      ['--throttle', 'guard-duty=1/1'],
      /^--throttle: rateLimits\.guard-duty: unknown service "guard-duty" \(known: organizations, sts, ec2, iam, guardduty, /,
    ],
    [
      ['--throttle', 'ec2:DescribeVPCs=1/1'],
      /ec2 has no operation "DescribeVPCs"/,
    ],
    [['--error-services', 'ec2'], /--error-services needs --error-rate/],
    [
      ['--error-rate', '0.1', '--error-services', 'ec2,guard-duty'],
      /^--error-rate\/--error-services: serverErrors\.services\[1\]: unknown service "guard-duty"/,
    ],
    [['--error-rate', '3'], /--error-rate expects a number 0–1, got "3"/],
    [['--port', 'x'], /--port expects a whole number 0–65535/],
    [['--port', '70000'], /--port expects a whole number 0–65535/],
    [['--fault-seed', '1.5'], /--fault-seed expects a whole number/],
    [['--deny-assume-role', '123'], /12-digit/],
    [['--colour'], /Unknown option/],
    [
      ['--hang', 'guard-duty'],
      /^--hang: hang\.keys\[0\]: unknown service "guard-duty" \(known: organizations, sts, ec2, iam, guardduty, /,
    ],
    [
      ['--hang', 'guardduty,ec2:DescribeVPCs'],
      /^--hang: hang\.keys\[1\]: ec2 has no operation "DescribeVPCs" \(known: DescribeRegions, DescribeVpcs, /,
    ],
    [['--hang', ','], /^--hang: hang\.keys: expected at least one service/],
    [['--hang-accounts', '123456789012'], /--hang-accounts needs --hang/],
    [
      ['--hang', 'ec2', '--hang-accounts', '123456789012,42'],
      /^--hang-accounts: hang\.accounts\[1\]: expected a 12-digit account id/,
    ],
    [['--page-size', '0'], /--page-size expects a whole number ≥ 1/],
    [['--page-size', '2.5'], /--page-size expects a whole number ≥ 1/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
