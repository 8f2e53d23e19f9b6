import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Cell,
  Column,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import type {
  GuardrailDefinition,
  GuardrailEvidence,
  GuardrailResult,
} from '@internal/plugin-landing-zone-common';
import { useGuardrailText } from '../../guardrailTexts';
import { landingZoneTranslationRef } from '../../translation';
import { RelativeTime, StatusBadge } from '../common';
import styles from './AccountGuardrails.module.css';

const statusOrder = { fail: 0, unknown: 1, pass: 2 };
const severityOrder = { critical: 0, high: 1, medium: 2, low: 3 };

/** Failing first, then unknown, then passing; the most severe first within each. */
export function sortResults(
  results: GuardrailResult[],
  definitions: Map<string, GuardrailDefinition>,
): GuardrailResult[] {
  const severity = (r: GuardrailResult) =>
    severityOrder[definitions.get(r.checkId)?.severity ?? 'low'];
  return [...results].sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] ||
      severity(a) - severity(b) ||
      a.checkId.localeCompare(b.checkId),
  );
}

function Evidence(props: { items: GuardrailEvidence[] }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  if (props.items.length === 0) {
    return <Text color="secondary">{t('guardrailTable.noEvidence')}</Text>;
  }
  return (
    <ul className={styles.evidence}>
      {props.items.map((item, i) => (
        <li key={i}>
          {(item.region || item.resource) && (
            <span className={styles.where}>
              {[item.region, item.resource].filter(Boolean).join(' · ')}
            </span>
          )}
          {item.message}
          {item.policy && (
            <Text as="div" variant="body-small" color="secondary">
              {t('guardrailTable.policy', {
                name: item.policy.name,
                id: item.policy.id,
              })}
              {item.policy.sid &&
                `, ${t('guardrailTable.statement', { sid: item.policy.sid })}`}
            </Text>
          )}
        </li>
      ))}
    </ul>
  );
}

function Controls(props: { definition?: GuardrailDefinition }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const controls = props.definition?.controls ?? {};
  const ids = [
    ...(controls.securityHub ?? []).map(id => `Security Hub ${id}`),
    ...(controls.cis ?? []).map(id => `CIS ${id}`),
  ];
  if (ids.length === 0) {
    return <Text color="secondary">{t('guardrailTable.noControls')}</Text>;
  }
  return (
    <Flex direction="column" gap="1">
      {ids.map(id => (
        <span key={id} className={styles.where}>
          {id}
        </span>
      ))}
    </Flex>
  );
}

/** One row per guardrail: verdict, what it checks, evidence, fix, controls. */
export function GuardrailTable(props: {
  results: GuardrailResult[];
  definitions: GuardrailDefinition[];
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const textOf = useGuardrailText();
  const definitions = new Map(props.definitions.map(d => [d.id, d]));
  const rows = sortResults(props.results, definitions);
  return (
    <TableRoot aria-label={t('account.guardrailsTitle')}>
      <TableHeader>
        <Column id="status" width={120}>
          {t('guardrailTable.status')}
        </Column>
        <Column id="guardrail" isRowHeader>
          {t('guardrailTable.guardrail')}
        </Column>
        <Column id="severity" width={100}>
          {t('guardrailTable.severity')}
        </Column>
        <Column id="evidence">{t('guardrailTable.evidence')}</Column>
        <Column id="remediation">{t('guardrailTable.remediation')}</Column>
        <Column id="controls" width={150}>
          {t('guardrailTable.controls')}
        </Column>
      </TableHeader>
      <TableBody>
        {rows.map(result => {
          const definition = definitions.get(result.checkId);
          const text = textOf(
            definition ?? {
              id: result.checkId,
              title: result.checkId,
              description: '',
              remediation: '',
            },
          );
          return (
            <Row
              key={result.checkId}
              id={result.checkId}
              className={result.status === 'fail' ? styles.failRow : undefined}
            >
              <Cell>
                <StatusBadge status={result.status} />
              </Cell>
              <Cell className={styles.cellText}>
                <Text as="div" weight="bold">
                  {text.title}
                </Text>
                <Text as="div" variant="body-small" color="secondary">
                  {definition && `${t(`category.${definition.category}`)} · `}
                  {t('guardrailTable.evaluated')}{' '}
                  <RelativeTime value={result.evaluatedAt} />
                </Text>
              </Cell>
              <Cell>
                {definition ? t(`severity.${definition.severity}`) : ''}
              </Cell>
              <Cell className={styles.cellText}>
                <Evidence items={result.evidence} />
              </Cell>
              <Cell className={styles.cellText}>
                {result.status === 'pass' ? '' : text.remediation}
              </Cell>
              <Cell>
                <Controls definition={definition} />
              </Cell>
            </Row>
          );
        })}
      </TableBody>
    </TableRoot>
  );
}
