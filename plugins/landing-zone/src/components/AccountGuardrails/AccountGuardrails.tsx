import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Tag,
  TagGroup,
  Text,
} from '@backstage/ui';
import type {
  GuardrailDefinition,
  GuardrailResult,
} from '@internal/plugin-landing-zone-common';
import { landingZoneTranslationRef } from '../../translation';
import { accountIdOf, ErrorState, isJudged, LoadingRows } from '../common';
import { AccountSummary } from './AccountSummary';
import { AccountVpcs } from './AccountVpcs';
import { GuardrailTable } from './GuardrailTable';
import { NotJudgedGuardrails } from './NotJudged';
import { useAccount } from './useAccount';

function Section(props: { title: string; children: JSX.Element }) {
  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          {props.title}
        </Text>
      </CardHeader>
      <CardBody>{props.children}</CardBody>
    </Card>
  );
}

/** When the entity names no account, or no scan has seen it yet. */
export function AccountMissing(props: { accountId?: string }) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  return props.accountId ? (
    <Alert
      status="info"
      icon
      title={t('states.accountNotFoundTitle')}
      description={t('states.accountNotFound', { accountId: props.accountId })}
    />
  ) : (
    <Alert status="warning" icon title={t('states.notAnnotated')} />
  );
}

/**
 * The account's verdicts. An account that is no longer active is not judged:
 * the evaluation keeps no verdict for it, so its table is empty, and that
 * must not read as "not scanned yet". Verdicts it still has are its last.
 */
function Verdicts(props: {
  judged: boolean;
  results: GuardrailResult[];
  definitions: GuardrailDefinition[];
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { judged, results, definitions } = props;
  if (results.length === 0) {
    return (
      <Text color="secondary">
        {judged
          ? t('account.guardrailsEmpty')
          : t('account.notJudgedNoVerdicts')}
      </Text>
    );
  }
  const table = <GuardrailTable results={results} definitions={definitions} />;
  if (judged) return table;
  // Each row says when it was evaluated.
  return (
    <Flex direction="column" gap="2">
      <Text color="secondary">{t('account.notJudgedLastVerdicts')}</Text>
      {table}
    </Flex>
  );
}

/**
 * The Guardrails tab of an aws-account entity: the verdict, every guardrail
 * with its evidence and fix, the account's VPCs and tags.
 */
export function AccountGuardrails() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { entity } = useEntity();
  const accountId = accountIdOf(entity);
  const { value, loading, error, retry } = useAccount(accountId);

  if (loading) return <LoadingRows rows={8} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!value?.details) return <AccountMissing accountId={accountId} />;

  const { account, guardrails, vpcs, notJudged } = value.details;
  const judged = isJudged(account.status);
  const tags = Object.entries(account.tags).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <Flex direction="column" gap="4">
      <Section title={t('account.summaryTitle')}>
        <AccountSummary account={account} />
      </Section>
      <Section title={t('account.guardrailsTitle')}>
        <>
          <Verdicts
            judged={judged}
            results={guardrails}
            definitions={value.guardrails}
          />
          <NotJudgedGuardrails
            // An older backend does not say.
            notJudged={notJudged ?? []}
            definitions={value.guardrails}
            configuration={value.configuration}
          />
        </>
      </Section>
      <Section title={t('account.vpcsTitle')}>
        <AccountVpcs vpcs={vpcs} judged={judged} />
      </Section>
      <Section title={t('account.tagsTitle')}>
        {tags.length ? (
          <TagGroup aria-label={t('account.tagsTitle')}>
            {tags.map(([key, tagValue]) => (
              <Tag key={key} id={key}>
                {`${key}: ${tagValue}`}
              </Tag>
            ))}
          </TagGroup>
        ) : (
          <Text color="secondary">{t('account.tagsEmpty')}</Text>
        )}
      </Section>
    </Flex>
  );
}

/** The overview card of an aws-account entity: its verdict at a glance. */
export function AccountOverviewCard() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { entity } = useEntity();
  const accountId = accountIdOf(entity);
  const { value, loading, error, retry } = useAccount(accountId);
  let body: JSX.Element;
  if (loading) body = <LoadingRows rows={5} />;
  else if (error) body = <ErrorState error={error} onRetry={retry} />;
  else if (!value?.details) body = <AccountMissing accountId={accountId} />;
  else body = <AccountSummary account={value.details.account} />;
  return <Section title={t('account.summaryTitle')}>{body}</Section>;
}
