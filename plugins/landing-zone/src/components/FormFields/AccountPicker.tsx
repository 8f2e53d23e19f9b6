import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import type {
  AccountSummary,
  Environment,
} from '@internal/plugin-landing-zone-common';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import {
  AccountStateBadge,
  ErrorState,
  isJudged,
  LoadingRows,
  StatusBadge,
} from '../common';
import { FieldHeading } from './FieldHeading';
import styles from './FormFields.module.css';

/** `ui:options` of the account picker. */
export type AccountPickerOptions = {
  /**
   * Environments whose accounts must pass every guardrail to be chosen
   * (default `[prod]`): a service goes into prod only on a compliant account.
   */
  requireCompliant?: Environment[];
};

const PAGE = 25;

/**
 * Why an account cannot be chosen, or undefined when it can: only active
 * accounts, and in the environments named, only those passing every
 * guardrail.
 */
export function whyNot(
  account: AccountSummary,
  requireCompliant: Environment[],
): 'inactive' | 'nonCompliant' | 'unknown' | undefined {
  if (account.status !== 'ACTIVE') return 'inactive';
  const environment = account.environment ?? 'unknown';
  if (!requireCompliant.includes(environment)) return undefined;
  if (account.compliance === 'non-compliant') return 'nonCompliant';
  if (account.compliance !== 'compliant') return 'unknown';
  return undefined;
}

/**
 * `ui:field: LandingZoneAccountPicker`: an existing account, searched by
 * name, email or id in the live inventory. Accounts that may not be chosen
 * are shown disabled with the reason. The value is the account id.
 */
export function AccountPicker(
  props: FieldExtensionComponentProps<string, AccountPickerOptions>,
) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const { schema, uiSchema, required, formData, onChange } = props;
  const requireCompliant = uiSchema['ui:options']?.requireCompliant ?? ['prod'];
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(text.trim()), 250, [text]);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listAccounts({ q: q || undefined, limit: PAGE }),
    [api, q],
  );
  const label = schema.title ?? t('formFields.accountTitle');
  const reason = (why: NonNullable<ReturnType<typeof whyNot>>) =>
    t(`formFields.accountWhyNot.${why}`);
  return (
    <Flex direction="column" gap="1">
      <FieldHeading
        label={label}
        required={required}
        description={schema.description}
        as="label"
      />
      <input
        className={styles.search}
        type="search"
        value={text}
        placeholder={t('formFields.accountSearch')}
        aria-label={t('formFields.accountSearch')}
        onChange={e => setText(e.target.value)}
      />
      {loading && !value && <LoadingRows rows={5} />}
      {error && <ErrorState error={error} onRetry={retry} />}
      {value && value.items.length === 0 && (
        <Text color="secondary">{t('formFields.accountNone')}</Text>
      )}
      {value && value.items.length > 0 && (
        <ul className={styles.list} role="radiogroup" aria-label={label}>
          {value.items.map(account => {
            const why = whyNot(account, requireCompliant);
            const picked = formData === account.id;
            return (
              <li key={account.id}>
                <button
                  type="button"
                  role="radio"
                  aria-checked={picked}
                  className={`${styles.option} ${picked ? styles.picked : ''}`}
                  disabled={why !== undefined}
                  onClick={() => onChange(account.id)}
                >
                  <Flex direction="column" gap="0">
                    <span>{account.name}</span>
                    <span className={`${styles.detail} ${styles.mono}`}>
                      {account.id}
                    </span>
                    {why && <span className={styles.why}>{reason(why)}</span>}
                  </Flex>
                  <Flex direction="column" gap="0" align="end">
                    {isJudged(account.status) ? (
                      <StatusBadge compliance={account.compliance} />
                    ) : (
                      <AccountStateBadge state={account.status} />
                    )}
                    <span className={styles.detail}>
                      {`${account.environment ?? 'unknown'} · ${
                        account.ouPath
                      }`}
                    </span>
                  </Flex>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {value && value.totalCount > value.items.length && (
        <Text variant="body-small" color="secondary">
          {t('formFields.accountMore', {
            shown: String(value.items.length),
            total: String(value.totalCount),
          })}
        </Text>
      )}
    </Flex>
  );
}
