import { holds } from './testUtils';
import { PolicyError } from './types';

describe('ARN operators', () => {
  const principal = {
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin',
  };

  it('compare each ARN component with its own wildcards', () => {
    expect(
      holds(
        'ArnLike',
        'aws:PrincipalArn',
        'arn:aws:iam::*:role/Admin',
        principal,
      ),
    ).toBe(true);
    expect(
      holds(
        'ArnEquals',
        'aws:PrincipalArn',
        'arn:aws:iam::*:role/Admin',
        principal,
      ),
    ).toBe(true);
    expect(
      holds('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/*', principal),
    ).toBe(true);
    expect(
      holds('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:root', principal),
    ).toBe(false);
    expect(
      holds(
        'ArnLike',
        'aws:PrincipalArn',
        'arn:aws:iam::*:role/admin',
        principal,
      ),
    ).toBe(false);
    expect(
      holds(
        'ArnNotLike',
        'aws:PrincipalArn',
        'arn:aws:iam::*:role/Admin',
        principal,
      ),
    ).toBe(false);
    expect(
      holds(
        'ArnNotEquals',
        'aws:PrincipalArn',
        'arn:aws:iam::*:role/Other',
        principal,
      ),
    ).toBe(true);
  });

  it('never lets a * of the first five components cross a colon', () => {
    // As one string, `arn:aws:*:role/Admin` would match; per component it cannot.
    expect(
      holds('ArnLike', 'aws:PrincipalArn', 'arn:aws:*:role/Admin', principal),
    ).toBe(false);
    expect(
      holds(
        'StringLike',
        'aws:PrincipalArn',
        'arn:aws:*:role/Admin',
        principal,
      ),
    ).toBe(true);
  });

  it('matches nothing with a malformed ARN, anything with a bare *', () => {
    expect(holds('ArnLike', 'aws:PrincipalArn', 'role/Admin', principal)).toBe(
      false,
    );
    expect(holds('ArnLike', 'aws:PrincipalArn', '*', principal)).toBe(true);
    expect(
      holds('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin', {
        'aws:PrincipalArn': 'Admin',
      }),
    ).toBe(false);
  });

  it('keeps colons inside the resource component', () => {
    const logGroup = {
      'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:log-group:app:*',
    };
    expect(
      holds(
        'ArnLike',
        'aws:SourceArn',
        'arn:aws:logs:*:*:log-group:app:*',
        logGroup,
      ),
    ).toBe(true);
  });
});

describe('numeric, date, boolean, binary and IP operators', () => {
  it('compares numbers', () => {
    const age = { 'aws:MultiFactorAuthAge': 3600 };
    expect(holds('NumericEquals', 'aws:MultiFactorAuthAge', '3600', age)).toBe(
      true,
    );
    expect(holds('NumericNotEquals', 'aws:MultiFactorAuthAge', 3600, age)).toBe(
      false,
    );
    expect(
      holds('NumericLessThan', 'aws:MultiFactorAuthAge', '7200', age),
    ).toBe(true);
    expect(
      holds('NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', age),
    ).toBe(true);
    expect(
      holds('NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', age),
    ).toBe(false);
    expect(
      holds('NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '3600', age),
    ).toBe(true);
    expect(holds('NumericEquals', 'aws:MultiFactorAuthAge', 'abc', age)).toBe(
      false,
    );
  });

  it('compares ISO 8601 and epoch dates', () => {
    const now = { 'aws:CurrentTime': '2025-06-01T12:00:00Z' };
    expect(
      holds('DateLessThan', 'aws:CurrentTime', '2025-12-31T00:00:00Z', now),
    ).toBe(true);
    expect(
      holds('DateGreaterThan', 'aws:CurrentTime', '2025-12-31T00:00:00Z', now),
    ).toBe(false);
    expect(
      holds(
        'DateGreaterThanEquals',
        'aws:CurrentTime',
        '2025-06-01T12:00:00Z',
        now,
      ),
    ).toBe(true);
    expect(
      holds(
        'DateLessThanEquals',
        'aws:CurrentTime',
        '2025-06-01T11:59:59Z',
        now,
      ),
    ).toBe(false);
    expect(
      holds(
        'DateEquals',
        'aws:CurrentTime',
        String(Date.UTC(2025, 5, 1, 12) / 1000),
        now,
      ),
    ).toBe(true);
    expect(
      holds('DateNotEquals', 'aws:CurrentTime', '2025-06-01T12:00:00Z', now),
    ).toBe(false);
  });

  it('compares booleans written as strings or booleans', () => {
    expect(
      holds('Bool', 'aws:SecureTransport', 'false', {
        'aws:SecureTransport': false,
      }),
    ).toBe(true);
    expect(
      holds('Bool', 'aws:SecureTransport', true, {
        'aws:SecureTransport': 'TRUE',
      }),
    ).toBe(true);
    expect(
      holds('Bool', 'aws:SecureTransport', 'true', {
        'aws:SecureTransport': false,
      }),
    ).toBe(false);
  });

  it('compares binary values as written', () => {
    expect(holds('BinaryEquals', 'key', 'QmluYXJ5', { key: 'QmluYXJ5' })).toBe(
      true,
    );
  });

  it('matches IPv4 and IPv6 addresses against CIDR blocks', () => {
    const v4 = { 'aws:SourceIp': '203.0.113.7' };
    expect(holds('IpAddress', 'aws:SourceIp', '203.0.113.0/24', v4)).toBe(true);
    expect(
      holds('IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '203.0.113.7'], v4),
    ).toBe(true);
    expect(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', v4)).toBe(true);
    expect(holds('NotIpAddress', 'aws:SourceIp', '203.0.0.0/16', v4)).toBe(
      false,
    );
    expect(
      holds('IpAddress', 'aws:SourceIp', '2001:db8::/32', {
        'aws:SourceIp': '2001:db8::1',
      }),
    ).toBe(true);
    expect(holds('IpAddress', 'aws:SourceIp', '2001:db8::/32', v4)).toBe(false);
  });
});

describe('policy variables', () => {
  const context = {
    'aws:PrincipalAccount': '111122223333',
    'aws:PrincipalTag/team': 'platform',
    'aws:ResourceTag/team': 'platform',
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/platform-admin',
  };

  it('replaces variables by request values in 2012-10-17 policies', () => {
    expect(
      holds(
        'StringEquals',
        'aws:ResourceTag/team',
        '${aws:PrincipalTag/team}',
        context,
      ),
    ).toBe(true);
    expect(
      holds(
        'ArnLike',
        'aws:PrincipalArn',
        'arn:aws:iam::${aws:PrincipalAccount}:role/*',
        context,
      ),
    ).toBe(true);
    expect(
      holds(
        'StringLike',
        'aws:PrincipalArn',
        '*:role/${aws:PrincipalTag/team}-*',
        context,
      ),
    ).toBe(true);
  });

  it('uses the default value when the key is missing', () => {
    expect(
      holds(
        'StringEquals',
        'aws:ResourceTag/team',
        "${aws:PrincipalTag/owner, 'platform'}",
        context,
      ),
    ).toBe(true);
  });

  it('never matches through an unresolvable variable, so negated operators hold', () => {
    expect(
      holds(
        'StringEquals',
        'aws:ResourceTag/team',
        '${aws:PrincipalTag/owner}',
        context,
      ),
    ).toBe(false);
    expect(
      holds(
        'StringNotEquals',
        'aws:ResourceTag/team',
        '${aws:PrincipalTag/owner}',
        context,
      ),
    ).toBe(true);
  });

  it('treats ${*} as a literal asterisk, not a wildcard', () => {
    expect(holds('StringLike', 'key', 'a${*}', { key: 'a*' })).toBe(true);
    expect(holds('StringLike', 'key', 'a${*}', { key: 'ab' })).toBe(false);
  });

  it('leaves variables as text in 2008-10-17 policies', () => {
    expect(
      holds(
        'StringEquals',
        'aws:ResourceTag/team',
        '${aws:PrincipalTag/team}',
        context,
        '2008-10-17',
      ),
    ).toBe(false);
    expect(
      holds('StringEquals', 'key', '${x}', { key: '${x}' }, '2008-10-17'),
    ).toBe(true);
  });
});

describe('parse errors', () => {
  it('rejects operators it cannot judge instead of guessing', () => {
    expect(() => holds('StringSortOf', 'key', 'x', {})).toThrow(PolicyError);
    expect(() => holds('NullIfExists', 'key', 'true', {})).toThrow(PolicyError);
    expect(() => holds('ForAnyValue:Null', 'key', 'true', {})).toThrow(
      PolicyError,
    );
  });
});
