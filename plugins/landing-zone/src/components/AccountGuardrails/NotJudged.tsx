import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import type {
  AccountDetails,
  GuardrailConfiguration,
  GuardrailDefinition,
} from '@internal/plugin-landing-zone-common';
import { RiSubtractLine } from '@remixicon/react';
import { useId } from 'react';
import { useGuardrailText } from '../../guardrailTexts';
import { landingZoneTranslationRef } from '../../translation';
import { useScopeText } from '../common';
import styles from './AccountGuardrails.module.css';

/**
 * The guardrails the organisation's configuration leaves out of this account,
 * each with why. Apart from the verdicts: they have none, so they count
 * neither as passing nor as failing.
 */
export function NotJudgedGuardrails(props: {
  notJudged: AccountDetails['notJudged'];
  definitions: GuardrailDefinition[];
  configuration?: GuardrailConfiguration;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const textOf = useGuardrailText();
  const scopeText = useScopeText();
  const headingId = useId();
  const { notJudged, configuration } = props;
  if (notJudged.length === 0) return null;
  const definitions = new Map(props.definitions.map(d => [d.id, d]));
  return (
    <section aria-labelledby={headingId} className={styles.notJudged}>
      <Flex direction="column" gap="1">
        <Text as="h3" variant="title-x-small" id={headingId}>
          {t('scope.notJudgedTitle')}
        </Text>
        <Text variant="body-small" color="secondary">
          {t('scope.notJudgedHow')}
        </Text>
        <ul className={styles.notJudgedList}>
          {notJudged.map(({ checkId, reason }) => {
            const definition = definitions.get(checkId);
            const title = definition ? textOf(definition).title : checkId;
            return (
              <li key={checkId} data-check={checkId}>
                <RiSubtractLine size={16} aria-hidden />
                <Text as="span" weight="bold">
                  {title}
                </Text>
                <span>—</span>
                <Text as="span" color="secondary">
                  {scopeText.reason(reason, checkId, configuration)}
                </Text>
              </li>
            );
          })}
        </ul>
      </Flex>
    </section>
  );
}
