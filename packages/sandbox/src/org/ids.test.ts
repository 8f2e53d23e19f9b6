import { awsId, hashHex, hashUpper } from './ids';

describe('derived ids', () => {
  it('are deterministic and shaped as AWS prints them', () => {
    expect(awsId('vpc', 'a|eu-west-1|main')).toBe(
      awsId('vpc', 'a|eu-west-1|main'),
    );
    expect(awsId('vpc', 'a|eu-west-1|main')).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(hashHex('k', 100)).toMatch(/^[0-9a-f]{100}$/);
    expect(hashUpper('k', 60)).toMatch(/^[A-Z2-7]{60}$/);
  });

  // These pairs collide in 32-bit FNV-1a; ids derived from any single 32-bit hash
  // repeat among the ~90,000 subnets of a 5,000-account, 4-region organisation.
  it.each([
    ['costarring', 'liquid'],
    ['declinate', 'macallums'],
    ['altarage', 'zinke'],
  ])('carry more than 32 bits: %s and %s differ', (a, b) => {
    expect(hashHex(a, 17)).not.toBe(hashHex(b, 17));
    expect(hashUpper(a, 16)).not.toBe(hashUpper(b, 16));
  });
});
