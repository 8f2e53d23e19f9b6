export * from './StatusBadge';
export * from './AccountState';
export * from './RelativeTime';
export * from './LoadState';
export * from './CopyableId';
export * from './annotations';
export * from './CursorPager';
export * from './GuardrailScope';
