import { holds } from './testUtils';

describe('string operators', () => {
  const region = { 'aws:RequestedRegion': 'eu-west-1' };

  it('StringEquals is exact and case-sensitive, ORing the values', () => {
    expect(
      holds('StringEquals', 'aws:RequestedRegion', 'eu-west-1', region),
    ).toBe(true);
    expect(
      holds('StringEquals', 'aws:RequestedRegion', 'EU-WEST-1', region),
    ).toBe(false);
    expect(
      holds(
        'StringEquals',
        'aws:RequestedRegion',
        ['us-east-1', 'eu-west-1'],
        region,
      ),
    ).toBe(true);
    expect(
      holds('StringEquals', 'aws:RequestedRegion', 'eu-west-*', region),
    ).toBe(false);
  });

  it('StringNotEquals NORs the values', () => {
    expect(
      holds(
        'StringNotEquals',
        'aws:RequestedRegion',
        ['us-east-1', 'eu-west-1'],
        region,
      ),
    ).toBe(false);
    expect(
      holds(
        'StringNotEquals',
        'aws:RequestedRegion',
        ['us-east-1', 'us-west-2'],
        region,
      ),
    ).toBe(true);
  });

  it('IgnoreCase variants ignore case', () => {
    expect(
      holds(
        'StringEqualsIgnoreCase',
        'aws:RequestedRegion',
        'EU-West-1',
        region,
      ),
    ).toBe(true);
    expect(
      holds(
        'StringNotEqualsIgnoreCase',
        'aws:RequestedRegion',
        'EU-West-1',
        region,
      ),
    ).toBe(false);
    expect(
      holds(
        'StringNotEqualsIgnoreCase',
        'aws:RequestedRegion',
        'us-east-1',
        region,
      ),
    ).toBe(true);
  });

  it('StringLike takes * and ? wildcards, case-sensitively', () => {
    expect(holds('StringLike', 'aws:RequestedRegion', 'eu-*', region)).toBe(
      true,
    );
    expect(
      holds('StringLike', 'aws:RequestedRegion', 'eu-west-?', region),
    ).toBe(true);
    expect(
      holds('StringLike', 'aws:RequestedRegion', 'eu-west-??', region),
    ).toBe(false);
    expect(holds('StringLike', 'aws:RequestedRegion', 'EU-*', region)).toBe(
      false,
    );
    expect(
      holds('StringNotLike', 'aws:RequestedRegion', ['us-*', 'ap-*'], region),
    ).toBe(true);
    expect(
      holds('StringNotLike', 'aws:RequestedRegion', ['us-*', 'eu-*'], region),
    ).toBe(false);
  });

  it('looks condition keys up without regard to case', () => {
    expect(
      holds('StringEquals', 'AWS:requestedregion', 'eu-west-1', region),
    ).toBe(true);
  });

  it('accepts operator names in any case', () => {
    expect(
      holds('stringequals', 'aws:RequestedRegion', 'eu-west-1', region),
    ).toBe(true);
  });
});

describe('missing keys', () => {
  it('makes positive operators false and negated operators true', () => {
    expect(holds('StringEquals', 'aws:PrincipalTag/team', 'platform', {})).toBe(
      false,
    );
    expect(holds('StringLike', 'aws:PrincipalTag/team', '*', {})).toBe(false);
    expect(
      holds('StringNotEquals', 'aws:PrincipalTag/team', 'platform', {}),
    ).toBe(true);
    expect(
      holds('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin', {}),
    ).toBe(true);
    expect(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {})).toBe(true);
    expect(holds('NumericNotEquals', 'aws:MultiFactorAuthAge', '0', {})).toBe(
      true,
    );
    expect(
      holds('DateNotEquals', 'aws:CurrentTime', '2025-01-01T00:00:00Z', {}),
    ).toBe(true);
    expect(holds('Bool', 'aws:MultiFactorAuthPresent', 'false', {})).toBe(
      false,
    );
  });

  it('treats an empty list like a missing key', () => {
    expect(
      holds('StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }),
    ).toBe(true);
    expect(holds('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] })).toBe(
      true,
    );
  });
});

describe('...IfExists', () => {
  it('is true when the key is missing, for positive and negated operators', () => {
    expect(
      holds('StringEqualsIfExists', 'ec2:InstanceType', 't3.micro', {}),
    ).toBe(true);
    expect(
      holds('StringNotEqualsIfExists', 'ec2:InstanceType', 't3.micro', {}),
    ).toBe(true);
    expect(holds('BoolIfExists', 'aws:MultiFactorAuthPresent', false, {})).toBe(
      true,
    );
  });

  it('evaluates the operator when the key is present', () => {
    const context = { 'ec2:InstanceType': 'm5.large' };
    expect(
      holds('StringEqualsIfExists', 'ec2:InstanceType', 't3.micro', context),
    ).toBe(false);
    expect(
      holds('StringNotEqualsIfExists', 'ec2:InstanceType', 't3.micro', context),
    ).toBe(true);
    expect(
      holds('BoolIfExists', 'aws:MultiFactorAuthPresent', false, {
        'aws:MultiFactorAuthPresent': true,
      }),
    ).toBe(false);
  });
});

describe('Null', () => {
  it('"true" holds for an absent key, "false" for a present one', () => {
    expect(holds('Null', 'aws:RequestTag/Project', 'true', {})).toBe(true);
    expect(
      holds('Null', 'aws:RequestTag/Project', true, {
        'aws:RequestTag/Project': 'x',
      }),
    ).toBe(false);
    expect(
      holds('Null', 'aws:RequestTag/Project', 'false', {
        'aws:RequestTag/Project': 'x',
      }),
    ).toBe(true);
    expect(holds('Null', 'aws:RequestTag/Project', false, {})).toBe(false);
  });
});

describe('set qualifiers', () => {
  const tags = (...keys: string[]) => ({ 'aws:TagKeys': keys });

  // The cases of the IAM User Guide's "Deny policy with condition set
  // operator ForAllValues" example.
  it('ForAllValues:StringNotLike matches when no request value is like the policy values', () => {
    const op = 'ForAllValues:StringNotLike';
    expect(holds(op, 'aws:TagKeys', 'key1*', tags('key1:legal'))).toBe(false);
    expect(
      holds(op, 'aws:TagKeys', 'key1*', tags('key1:hr', 'key1:personnel')),
    ).toBe(false);
    expect(holds(op, 'aws:TagKeys', 'key1*', tags('key2:audit'))).toBe(true);
    expect(holds(op, 'aws:TagKeys', 'key1*', {})).toBe(true);
  });

  it('ForAllValues requires every request value to match and is true on a missing key', () => {
    const op = 'ForAllValues:StringEquals';
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('a'))).toBe(true);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('a', 'b'))).toBe(true);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('a', 'c'))).toBe(false);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], {})).toBe(true);
  });

  it('ForAnyValue requires one request value to match and is false on a missing key', () => {
    const op = 'ForAnyValue:StringEquals';
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('c', 'b'))).toBe(true);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('c'))).toBe(false);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], {})).toBe(false);
  });

  it('ForAnyValue with a negated operator needs one value matching none of the policy values', () => {
    const op = 'ForAnyValue:StringNotEquals';
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('a', 'c'))).toBe(true);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], tags('a', 'b'))).toBe(false);
    expect(holds(op, 'aws:TagKeys', ['a', 'b'], {})).toBe(false);
  });

  it('combines with IfExists', () => {
    expect(
      holds('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'a', {}),
    ).toBe(true);
    expect(
      holds('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'a', tags('b')),
    ).toBe(false);
  });

  it('without a qualifier, a multivalued key matches when any value does', () => {
    expect(holds('StringEquals', 'aws:TagKeys', 'a', tags('b', 'a'))).toBe(
      true,
    );
    expect(holds('StringNotEquals', 'aws:TagKeys', 'a', tags('b', 'a'))).toBe(
      false,
    );
  });
});
