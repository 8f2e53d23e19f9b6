import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import type {
  GuardrailDefinition,
  GuardrailStatus,
  PolicyWhatIfResult,
} from '@internal/plugin-landing-zone-common';
import {
  RiArrowRightLine,
  RiCheckboxCircleLine,
  RiForbidLine,
} from '@remixicon/react';
import { useState } from 'react';
import { useGuardrailText } from '../../guardrailTexts';
import { landingZoneTranslationRef } from '../../translation';
import { EvidenceLines, StatusBadge } from '../common';
import posture from '../Posture/Posture.module.css';
import styles from './PolicyWhatIf.module.css';

type Result = Required<Omit<PolicyWhatIfResult, 'accountNames'>> &
  Pick<PolicyWhatIfResult, 'accountNames'>;
type RequestChange = Result['requests'][number];
// Verdicts listed before "show the others"; a change to the root of a large
// organisation can reach thousands of accounts.
const ACCOUNTS_SHOWN = 50;

function useAccountPage() {
  const linkTo = useEntityRefLink();
  return (accountId: string) =>
    `${linkTo({
      kind: 'resource',
      namespace: 'default',
      name: `aws-account-${accountId}`,
    })}/guardrails`;
}

function AccountList(props: { ids: string[]; names: Map<string, string> }) {
  const { names } = props;
  const pageOf = useAccountPage();
  const sorted = [...props.ids].sort((a, b) =>
    (names.get(a) ?? a).localeCompare(names.get(b) ?? b),
  );
  return (
    <ul className={styles.accountLinks}>
      {sorted.map(id => (
        <li key={id} data-account-id={id}>
          <Link href={pageOf(id)}>{names.get(id) ?? id}</Link>{' '}
          <span className={`${posture.mono} ${styles.qualifier}`}>{id}</span>
        </li>
      ))}
    </ul>
  );
}

function RequestLine(props: {
  request: RequestChange;
  turn: 'denied' | 'allowed';
  names: Map<string, string>;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const [open, setOpen] = useState(false);
  const { request, turn } = props;
  const ids = turn === 'denied' ? request.becameDenied : request.becameAllowed;
  const values = {
    action: request.action,
    region: request.region,
    count: ids.length,
  };
  const sentence =
    turn === 'denied'
      ? t('whatIf.becomesDenied', values)
      : t('whatIf.becomesAllowed', values);
  const qualifiers: string[] = [];
  const outside = request.principal === 'outside-organization';
  if (outside) qualifiers.push(t('whatIf.fromOutside'));
  else if (request.policyTypes?.includes('RCP')) {
    qualifiers.push(t('whatIf.toResource'));
  }
  if (request.secureTransport === false)
    qualifiers.push(t('whatIf.withoutTls'));
  // SCPs alone judge what a role of the account does: said only otherwise.
  if (request.policyTypes?.some(type => type !== 'SCP')) {
    qualifiers.push(
      t('whatIf.judgedBy', { types: request.policyTypes.join(' + ') }),
    );
  }
  const Icon = turn === 'denied' ? RiForbidLine : RiCheckboxCircleLine;
  return (
    <li
      data-action={request.action}
      data-region={request.region}
      data-principal={request.principal ?? 'account-role'}
      data-secure-transport={String(request.secureTransport ?? true)}
      data-turn={turn}
      data-count={ids.length}
    >
      <details onToggle={e => setOpen(e.currentTarget.open)}>
        <summary>
          <span className={turn === 'denied' ? styles.denied : styles.allowed}>
            <Icon size={16} aria-hidden />
          </span>
          <span>{sentence}</span>
          {qualifiers.length > 0 && (
            <span className={styles.qualifier}>{qualifiers.join(' · ')}</span>
          )}
        </summary>
        {open && <AccountList ids={ids} names={props.names} />}
      </details>
    </li>
  );
}

function direction(before: GuardrailStatus, after: GuardrailStatus) {
  if (after === 'fail') return 'worse';
  if (after === 'pass') return 'better';
  if (after === 'unknown' && before !== 'unknown') return 'unclear';
  return 'other';
}

const directionClass = {
  worse: styles.denied,
  better: styles.allowed,
  unclear: posture.unknown,
  other: '',
};

function Verdicts(props: {
  accounts: Result['accounts'];
  definitions: Map<string, GuardrailDefinition>;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const textOf = useGuardrailText();
  const pageOf = useAccountPage();
  const [all, setAll] = useState(false);
  const accounts = [...props.accounts].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const shown = all ? accounts : accounts.slice(0, ACCOUNTS_SHOWN);
  // The answer first: each guardrail's turn and how many accounts take it.
  const turns = new Map<
    string,
    {
      checkId: string;
      before: GuardrailStatus;
      after: GuardrailStatus;
      count: number;
    }
  >();
  for (const account of accounts) {
    for (const { checkId, before, after } of account.changes) {
      const key = `${checkId} ${before} ${after}`;
      const turn = turns.get(key) ?? { checkId, before, after, count: 0 };
      turn.count += 1;
      turns.set(key, turn);
    }
  }
  const titleOf = (checkId: string) => {
    const definition = props.definitions.get(checkId);
    return definition ? textOf(definition).title : checkId;
  };
  return (
    <>
      <ul className={styles.turns} aria-label={t('whatIf.verdictsTitle')}>
        {[...turns.values()]
          .sort((a, b) => b.count - a.count)
          .map(turn => (
            <li
              key={`${turn.checkId} ${turn.before} ${turn.after}`}
              data-check-id={turn.checkId}
            >
              <span>{titleOf(turn.checkId)}</span>
              <span className={styles.transition}>
                <StatusBadge status={turn.before} />
                <RiArrowRightLine size={16} aria-label="→" />
                <StatusBadge status={turn.after} />
              </span>
              <span>{t('whatIf.inAccounts', { count: turn.count })}</span>
            </li>
          ))}
      </ul>
      <div className={posture.matrixScroll}>
        <table
          className={`${posture.matrix} ${styles.verdicts}`}
          aria-label={t('whatIf.verdictsTitle')}
        >
          <thead>
            <tr>
              <th className={posture.accountCell}>{t('whatIf.account')}</th>
              <th className={styles.guardrailCell}>{t('whatIf.guardrail')}</th>
              <th>{t('whatIf.change')}</th>
              <th>{t('whatIf.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.flatMap(account =>
              account.changes.map((change, i) => {
                const way = direction(change.before, change.after);
                return (
                  <tr
                    key={`${account.accountId}-${change.checkId}`}
                    data-account-id={account.accountId}
                    data-check-id={change.checkId}
                    data-before={change.before}
                    data-after={change.after}
                  >
                    {i === 0 && (
                      <th
                        scope="row"
                        rowSpan={account.changes.length}
                        className={posture.accountCell}
                      >
                        <Link href={pageOf(account.accountId)}>
                          {account.name}
                        </Link>
                        <div className={posture.mono}>{account.accountId}</div>
                      </th>
                    )}
                    <td className={styles.guardrailCell}>
                      {titleOf(change.checkId)}
                    </td>
                    <td>
                      <span className={styles.transition}>
                        <StatusBadge status={change.before} />
                        <RiArrowRightLine size={16} aria-label="→" />
                        <StatusBadge status={change.after} />
                        <span
                          className={`${styles.direction} ${directionClass[way]}`}
                        >
                          {t(`whatIf.direction.${way}`)}
                        </span>
                      </span>
                    </td>
                    <td>
                      <EvidenceLines evidence={change.evidence.slice(0, 3)} />
                    </td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
      {!all && accounts.length > shown.length && (
        <Flex justify="end">
          <Button size="small" variant="secondary" onPress={() => setAll(true)}>
            {t('whatIf.showAll', { count: accounts.length - shown.length })}
          </Button>
        </Flex>
      )}
    </>
  );
}

/**
 * What a change does: how many active accounts it reaches, the sample
 * requests it turns around (each opening to its accounts), and the verdicts
 * that change, each linked to the account's Guardrails tab.
 */
export function WhatIfResult(props: {
  result: Result;
  definitions: Map<string, GuardrailDefinition>;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { result } = props;
  // Names of the accounts the requests list; a server before accountNames
  // named only those whose verdicts change.
  const names = new Map([
    ...result.accounts.map(a => [a.accountId, a.name] as const),
    ...Object.entries(result.accountNames ?? {}),
  ]);
  const requests = result.requests;
  const turned = requests.flatMap(request => [
    ...(request.becameDenied.length
      ? [{ request, turn: 'denied' as const }]
      : []),
    ...(request.becameAllowed.length
      ? [{ request, turn: 'allowed' as const }]
      : []),
  ]);
  const figure = (label: string, value: number, name: string) => (
    <div className={posture.figure} data-figure={name}>
      <Text variant="body-small" color="secondary">
        {label}
      </Text>
      <span className={posture.figureValue}>{value.toLocaleString()}</span>
    </div>
  );
  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            {t('whatIf.resultTitle')}
          </Text>
        </CardHeader>
        <CardBody>
          <div className={posture.figures}>
            {figure(t('whatIf.reached'), result.reached, 'reached')}
            {figure(
              t('whatIf.changedAccounts'),
              result.accounts.length,
              'accounts',
            )}
            {figure(t('whatIf.changedRequests'), turned.length, 'requests')}
          </div>
          {result.reached === 0 && (
            <Text as="p" color="secondary">
              {t('whatIf.nothingReached')}
            </Text>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <Flex direction="column" gap="1">
            <Text as="h3" variant="title-x-small">
              {t('whatIf.requestsTitle')}
            </Text>
            <Text variant="body-small" color="secondary">
              {t('whatIf.requestsHow')}
            </Text>
          </Flex>
        </CardHeader>
        <CardBody>
          {turned.length ? (
            <ul
              className={styles.requestList}
              aria-label={t('whatIf.requestsTitle')}
            >
              {turned.map(({ request, turn }) => (
                <RequestLine
                  key={`${request.action} ${request.region} ${
                    request.principal ?? ''
                  } ${String(request.secureTransport ?? true)} ${turn}`}
                  request={request}
                  turn={turn}
                  names={names}
                />
              ))}
            </ul>
          ) : (
            <Text color="secondary">{t('whatIf.noRequests')}</Text>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader>
          <Text as="h3" variant="title-x-small">
            {t('whatIf.verdictsTitle')}
          </Text>
        </CardHeader>
        <CardBody>
          {result.accounts.length ? (
            <Verdicts
              accounts={result.accounts}
              definitions={props.definitions}
            />
          ) : (
            <Text color="secondary">{t('whatIf.noChanges')}</Text>
          )}
        </CardBody>
      </Card>
    </Flex>
  );
}
