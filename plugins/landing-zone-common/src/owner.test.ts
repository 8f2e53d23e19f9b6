import { accountOwnerTag, ownerRefOf } from './owner';

describe('accountOwnerTag', () => {
  it('reads the configured key exactly first, then ignoring case', () => {
    expect(accountOwnerTag({ owner: 'a', Owner: 'b' })).toBe('a');
    expect(accountOwnerTag({ Owner: 'b' })).toBe('b');
    expect(accountOwnerTag({ OWNER: 'c', env: 'prod' })).toBe('c');
    expect(accountOwnerTag({ team: 'd', Team: 'e' }, 'Team')).toBe('e');
    expect(accountOwnerTag({ TEAM: 'f' }, 'team')).toBe('f');
  });

  it('is undefined without the tag, and never reads a prototype key', () => {
    expect(accountOwnerTag({ environment: 'prod' })).toBeUndefined();
    expect(accountOwnerTag({}, 'constructor')).toBeUndefined();
    expect(accountOwnerTag({ owner: '' })).toBe('');
  });
});

describe('ownerRefOf', () => {
  it('names a group in the default namespace unless the value says otherwise', () => {
    expect(ownerRefOf('team-payments')).toBe('group:default/team-payments');
    expect(ownerRefOf(' team-payments ')).toBe('group:default/team-payments');
    expect(ownerRefOf('user:pat')).toBe('user:default/pat');
    expect(ownerRefOf('other/team-x')).toBe('group:other/team-x');
    expect(ownerRefOf('Group:Default/Team-Payments')).toBe(
      'group:default/team-payments',
    );
  });

  it('is undefined for what cannot be an entity reference', () => {
    expect(ownerRefOf('not a ref!')).toBeUndefined();
    expect(ownerRefOf('決済チーム')).toBeUndefined();
    expect(ownerRefOf('a:b/c/d')).toBeUndefined();
    expect(ownerRefOf('x'.repeat(64))).toBeUndefined();
    expect(ownerRefOf('')).toBeUndefined();
    expect(ownerRefOf(undefined)).toBeUndefined();
  });
});
