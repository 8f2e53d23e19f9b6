import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Text } from '@backstage/ui';
import { Fragment } from 'react';
import type {
  AccountSelector,
  GuardrailConfiguration,
  GuardrailDefinition,
  NotJudgedReason,
} from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import styles from './common.module.css';

type Scoped = Pick<GuardrailDefinition, 'id' | 'appliesTo'>;

/**
 * A scope said on its own ("Data accounts (…)") rather than inside a
 * sentence ("Judged in: data accounts (…)"). Japanese has no case.
 */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether the organisation switched the guardrail off. */
export function isSwitchedOff(
  id: string,
  configuration: GuardrailConfiguration | undefined,
): boolean {
  return configuration?.scopes[id]?.enabled === false;
}

function hasEntries(selector: AccountSelector | undefined) {
  return Boolean(
    selector &&
      ((selector.organizationalUnits?.length ?? 0) > 0 ||
        Object.keys(selector.tags ?? {}).length > 0 ||
        (selector.accounts?.length ?? 0) > 0),
  );
}

// The guardrails whose checks read a setting, and which.
const settingsOf: Record<
  string,
  ('instanceMaxAgeDays' | 'requireCustomerManagedKeys' | 'trustedAccountIds')[]
> = {
  'ec2-instance-rotation': ['instanceMaxAgeDays'],
  'rds-encrypted': ['requireCustomerManagedKeys'],
  'elasticache-encrypted': ['requireCustomerManagedKeys'],
  's3-bucket-encryption': ['requireCustomerManagedKeys'],
  'iam-role-trust': ['trustedAccountIds'],
};

/**
 * The organisation's guardrail configuration in the reader's language: which
 * accounts a selector picks, where a guardrail is judged, why it is not in an
 * account, and the settings its check reads.
 */
export function useScopeText() {
  const { t } = useTranslationRef(landingZoneTranslationRef);

  const selector = (s: AccountSelector | undefined): string => {
    const parts = [
      ...(s?.organizationalUnits ?? []).map(name => t('scope.ou', { name })),
      ...Object.entries(s?.tags ?? {}).flatMap(([key, values]) =>
        values.map(value =>
          value === '*'
            ? t('scope.tag', { key })
            : t('scope.tagValue', { key, value }),
        ),
      ),
      ...(s?.accounts ?? []).map(id => t('scope.account', { id })),
    ];
    return parts.length ? parts.join(t('scope.or')) : t('scope.none');
  };

  /** The accounts it is judged in ("every account"), or that it is switched off. */
  const where = (
    definition: Scoped,
    configuration: GuardrailConfiguration | undefined,
  ): string => {
    if (isSwitchedOff(definition.id, configuration)) {
      return t('scope.switchedOff');
    }
    const configured = configuration?.scopes[definition.id];
    const clauses: string[] = [];
    if (definition.appliesTo === 'data-accounts') {
      clauses.push(
        t('scope.dataAccounts', {
          selector: selector(configuration?.dataAccounts),
        }),
      );
    } else if (definition.appliesTo === 'identity-center-only') {
      clauses.push(
        t('scope.identityCenterOnly', {
          selector: selector(configuration?.identityCenterOnly),
        }),
      );
    }
    if (hasEntries(configured?.include)) {
      clauses.push(
        t('scope.only', { selector: selector(configured?.include) }),
      );
    }
    if (hasEntries(configured?.exclude)) {
      const excluded = selector(configured?.exclude);
      // "Every account except …" rather than a bare "except …".
      clauses.push(
        clauses.length
          ? t('scope.except', { selector: excluded })
          : t('scope.everyAccountExcept', { selector: excluded }),
      );
    }
    return clauses.length
      ? clauses.join(t('scope.separator'))
      : t('scope.everyAccount');
  };

  /** "Judged in: …", or that it is switched off. */
  const scope = (
    definition: Scoped,
    configuration: GuardrailConfiguration | undefined,
  ): string =>
    isSwitchedOff(definition.id, configuration)
      ? t('scope.switchedOff')
      : t('scope.judgedIn', { scope: where(definition, configuration) });

  /** Whether the configuration narrows where the guardrail is judged. */
  const isScoped = (
    definition: Scoped,
    configuration: GuardrailConfiguration | undefined,
  ) => {
    const configured = configuration?.scopes[definition.id];
    return Boolean(
      definition.appliesTo ||
        hasEntries(configured?.include) ||
        hasEntries(configured?.exclude),
    );
  };

  /** Why the guardrail is not judged in an account, in words. */
  const reason = (
    why: NotJudgedReason,
    checkId: string,
    configuration: GuardrailConfiguration | undefined,
  ): string => {
    const configured = configuration?.scopes[checkId];
    switch (why) {
      case 'disabled':
        return t('scope.reason.disabled');
      case 'not-data-account':
        return t('scope.reason.not-data-account', {
          selector: selector(configuration?.dataAccounts),
        });
      case 'not-identity-center-only':
        return t('scope.reason.not-identity-center-only', {
          selector: selector(configuration?.identityCenterOnly),
        });
      case 'not-included':
        return t('scope.reason.not-included', {
          selector: selector(configured?.include),
        });
      case 'excluded':
        return t('scope.reason.excluded', {
          selector: selector(configured?.exclude),
        });
      default:
        // A reason a newer backend gives: said as it is.
        return String(why);
    }
  };

  /** The settings the guardrail's check reads, as label and value. */
  const settings = (
    id: string,
    configuration: GuardrailConfiguration | undefined,
  ): { label: string; value: string }[] => {
    const values = configuration?.settings;
    if (!values) return [];
    return (settingsOf[id] ?? []).map(setting => {
      switch (setting) {
        case 'instanceMaxAgeDays':
          return {
            label: t('scope.instanceMaxAge'),
            value: t('scope.days', { count: values.instanceMaxAgeDays }),
          };
        case 'requireCustomerManagedKeys':
          return {
            label: t('scope.customerManagedKeys'),
            value: values.requireCustomerManagedKeys
              ? t('scope.required')
              : t('scope.notRequired'),
          };
        default:
          return {
            label: t('scope.trustedAccounts'),
            value: values.trustedAccountIds.length
              ? values.trustedAccountIds.join(', ')
              : t('scope.noTrustedAccounts'),
          };
      }
    });
  };

  return { selector, where, scope, isScoped, reason, settings };
}

/**
 * Where a guardrail is judged and the settings its check reads, as the
 * organisation configured them.
 */
export function GuardrailScopeFields(props: {
  definition: Scoped;
  configuration: GuardrailConfiguration | undefined;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const text = useScopeText();
  const { definition, configuration } = props;
  const settings = text.settings(definition.id, configuration);
  return (
    <dl className={styles.fields} aria-label={t('scope.title')}>
      <dt>{t('scope.title')}</dt>
      <dd>
        <Text
          weight={
            isSwitchedOff(definition.id, configuration) ? 'bold' : undefined
          }
        >
          {capitalised(text.where(definition, configuration))}
        </Text>
      </dd>
      {settings.map(({ label, value }) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
