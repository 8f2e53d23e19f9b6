import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert, Flex, Text } from '@backstage/ui';
import type { AccountSummary as Account } from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import { CopyableId, RelativeTime, StatusBadge } from '../common';
import styles from './AccountGuardrails.module.css';

/** The answer first: the account's verdict, where it sits, how fresh it is. */
export function AccountSummary(props: { account: Account }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { account } = props;
  return (
    <Flex direction="column" gap="3">
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
        <dd>{account.status}</dd>
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
