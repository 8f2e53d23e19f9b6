import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';

// The ownership references sign-in gives the demo's users
// (catalog/demo-teams.yaml), and one user of each other kind.
const memberships: Record<string, string[]> = {
  'user:development/guest': [
    'user:development/guest',
    'group:default/platform-team',
  ],
  'user:default/sam-security': [
    'user:default/sam-security',
    'group:default/security-team',
  ],
  'user:default/pat-payments': [
    'user:default/pat-payments',
    'group:default/team-payments',
  ],
  'user:default/lone-wolf': ['user:default/lone-wolf'],
};

export function ownershipOf(userEntityRef: string): string[] {
  return memberships[userEntityRef] ?? [userEntityRef];
}

/** A user info service that knows the demo's users. */
export const demoUserInfo: UserInfoService = {
  async getUserInfo(credentials: BackstageCredentials) {
    const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
    return { userEntityRef, ownershipEntityRefs: ownershipOf(userEntityRef) };
  },
};
