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
import { useEvidenceText } from '../../evidenceTexts';
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

// Enough to read a failure at a glance; the rest one click away.
const shownEvidence = 5;

function EvidenceList(props: {
  items: GuardrailEvidence[];
  disclosed?: boolean;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const evidenceText = useEvidenceText();
  return (
    <ul
      className={`${styles.evidence} ${
        props.disclosed ? styles.evidenceDisclosed : ''
      }`}
    >
      {props.items.map((item, i) => (
        <li key={i}>
          {(item.region || item.resource) && (
            <span className={styles.where}>
              {[item.region, item.resource].filter(Boolean).join(' · ')}
            </span>
          )}
          {evidenceText(item)}
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

/**
 * A failing or unknown verdict shows its first evidence; a passing one keeps
 * it behind a disclosure, so the failures stand out.
 */
function Evidence(props: { result: GuardrailResult }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { evidence, status } = props.result;
  if (evidence.length === 0) {
    return <Text color="secondary">{t('guardrailTable.noEvidence')}</Text>;
  }
  if (status === 'pass') {
    return (
      <details>
        <summary>
          {t('guardrailTable.showEvidence', { count: evidence.length })}
        </summary>
        <EvidenceList items={evidence} disclosed />
      </details>
    );
  }
  const head = evidence.slice(0, shownEvidence);
  const rest = evidence.slice(shownEvidence);
  return (
    <>
      <EvidenceList items={head} />
      {rest.length > 0 && (
        <details>
          <summary>
            {t('guardrailTable.moreEvidence', { count: rest.length })}
          </summary>
          <EvidenceList items={rest} disclosed />
        </details>
      )}
    </>
  );
}

function Controls(props: { definition?: GuardrailDefinition }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const controls = props.definition?.controls ?? {};
  const ids = [
    ...(controls.securityHub ?? []).map(id => `Security Hub ${id}`),
    ...(controls.cis ?? []).map(id => `CIS ${id}`),
  ];
  // Most guardrails have a control; a dash keeps the few without one quiet.
  if (ids.length === 0) {
    return (
      <Text
        color="secondary"
        role="img"
        aria-label={t('guardrailTable.noControls')}
        title={t('guardrailTable.noControls')}
      >
        —
      </Text>
    );
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
        <Column id="status" width={130}>
          {t('guardrailTable.status')}
        </Column>
        <Column id="guardrail" isRowHeader width="24%">
          {t('guardrailTable.guardrail')}
        </Column>
        <Column id="evidence" width="34%">
          {t('guardrailTable.evidence')}
        </Column>
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
                  {definition &&
                    `${t(`severity.${definition.severity}`)} · ${t(
                      `category.${definition.category}`,
                    )} · `}
                  {t('guardrailTable.evaluated')}{' '}
                  <RelativeTime value={result.evaluatedAt} />
                </Text>
              </Cell>
              <Cell className={styles.cellText}>
                <Evidence result={result} />
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
