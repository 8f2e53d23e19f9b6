import type { Account } from '../org/types';
import { AwsError } from './errors';
import type { OperationContext } from './types';

/** The calling account; every caller the dispatcher lets through has one. */
export function callerAccount(ctx: OperationContext): Account {
  const account = ctx.index.account(ctx.caller.accountId);
  if (!account) {
    throw new AwsError(
      'AccessDenied',
      `Account ${ctx.caller.accountId} is not part of this sandbox.`,
      403,
    );
  }
  return account;
}
