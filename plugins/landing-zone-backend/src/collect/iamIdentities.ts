import {
  IAMClient,
  paginateListAccessKeys,
  paginateListRoles,
  paginateListUsers,
  type User,
} from '@aws-sdk/client-iam';
import type { GlobalFacts } from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { callOptions, capture, collectPages } from './errors';
import { PAGE_SIZE } from './pageSizes';

/** Access key reads of one account in flight at a time. */
const KEY_CONCURRENCY = 4;

/**
 * A role's trust policy as JSON: IAM returns it URL-encoded. A document that
 * is not (an IAM-compatible endpoint may send it plain) is kept as given.
 */
export function decodePolicyDocument(document: string | undefined): string {
  if (!document) return '';
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

type IamIdentityFacts = Required<
  Pick<GlobalFacts, 'iamUsersWithKeys' | 'iamUsers' | 'iamRoles'>
>;

/**
 * Reads the account's IAM users (listed once: every user, and those with an
 * active access key, a few key reads at a time) and its roles with their
 * trust policies. Every call ends with `signal`.
 */
export async function readIamIdentities(
  iam: IAMClient,
  signal?: AbortSignal,
): Promise<IamIdentityFacts> {
  const call = callOptions(signal);
  // One listing serves both user facts; a failure is the error of each.
  const listing: Promise<User[]> = collectPages(
    paginateListUsers({ client: iam, pageSize: PAGE_SIZE.iam }, {}, call),
    p => p.Users,
  );
  // Not awaited until a capture does; keeps an early rejection handled.
  listing.catch(() => {});

  const [iamUsers, iamUsersWithKeys, iamRoles] = await Promise.all([
    capture('iam:ListUsers', async () =>
      (
        await listing
      )
        .filter(u => u.UserName)
        .map(user => ({
          userName: user.UserName!,
          arn: user.Arn,
          createdAt: user.CreateDate?.toISOString(),
          passwordLastUsed: user.PasswordLastUsed?.toISOString(),
        })),
    ),
    capture('iam:ListUsers', async () => {
      const users = await listing;
      // An account may hold thousands of users: a few key reads at a time
      // keep within IAM's per-account rate.
      const keyLimit = pLimit(KEY_CONCURRENCY);
      const withKeys = await Promise.all(
        users.map(user =>
          keyLimit(async () => {
            const keys = await collectPages(
              paginateListAccessKeys(
                { client: iam, pageSize: PAGE_SIZE.iam },
                { UserName: user.UserName },
                call,
              ),
              p => p.AccessKeyMetadata,
            );
            return {
              userName: user.UserName ?? '',
              accessKeyIds: keys
                .filter(k => k.Status === 'Active')
                .flatMap(k => (k.AccessKeyId ? [k.AccessKeyId] : [])),
            };
          }),
        ),
      );
      return withKeys.filter(u => u.accessKeyIds.length > 0);
    }),
    capture('iam:ListRoles', async () => {
      const roles = await collectPages(
        paginateListRoles({ client: iam, pageSize: PAGE_SIZE.iam }, {}, call),
        p => p.Roles,
      );
      return roles
        .filter(r => r.RoleName)
        .map(role => ({
          roleName: role.RoleName!,
          arn: role.Arn ?? '',
          path: role.Path ?? '/',
          trustPolicy: decodePolicyDocument(role.AssumeRolePolicyDocument),
          createdAt: role.CreateDate?.toISOString(),
        }));
    }),
  ]);
  return { iamUsersWithKeys, iamUsers, iamRoles };
}
