import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert, Flex, Text } from '@backstage/ui';
import type { AccountSummary as Account } from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import {
  AccountStateBadge,
  CopyableId,
  isJudged,
  isKnownState,
  RelativeTime,
  StatusBadge,
  useAccountStateLabel,
} from '../common';
import styles from './AccountGuardrails.module.css';

/**
 * Why an account that is not active has no verdict: it is not scanned. Said
 * instead of a compliance of "unknown" with nothing counted.
 */
function NotJudged(props: { state: string }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const labelOf = useAccountStateLabel();
  const { state } = props;
  const why =
    isKnownState(state) && state !== 'ACTIVE'
      ? t(`account.notJudgedWhy.${state}`)
      : t('account.notJudgedWhy.other');
  return (
    <Alert
      status="info"
      icon
      title={t('account.notJudgedTitle', { state: labelOf(state) })}
      description={why}
    />
  );
}

/** The answer first: the account's verdict, where it sits, how fresh it is. */
export function AccountSummary(props: { account: Account }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { account } = props;
  return (
    <Flex direction="column" gap="3">
      {isJudged(account.status) ? (
        <Flex align="center" gap="3">
          <StatusBadge compliance={account.compliance} />
          <Text variant="body-medium" color="secondary">
            {t('account.complianceLine', {
              failing: String(account.checks.failing),
              unknown: String(account.checks.unknown),
              passing: String(account.checks.passing),
            })}
          </Text>
        </Flex>
      ) : (
        <NotJudged state={account.status} />
      )}
      {account.staleReason && (
        <Alert
          status="warning"
          icon
          title={t('account.stale')}
          description={t('account.staleReason', {
            reason: account.staleReason,
          })}
        />
      )}
      <dl className={styles.fields}>
        <dt>{t('account.id')}</dt>
        <dd>
          <CopyableId value={account.id} />
        </dd>
        <dt>{t('account.ouPath')}</dt>
        <dd>{account.ouPath}</dd>
        <dt>{t('account.environment')}</dt>
        <dd>{account.environment}</dd>
        <dt>{t('account.status')}</dt>
        <dd>
          <AccountStateBadge state={account.status} />
        </dd>
        <dt>{t('account.email')}</dt>
        <dd>{account.email}</dd>
        <dt>{t('account.lastCollected')}</dt>
        <dd>
          {account.lastCollectedAt ? (
            <RelativeTime value={account.lastCollectedAt} />
          ) : (
            t('account.never')
          )}
        </dd>
      </dl>
    </Flex>
  );
}
