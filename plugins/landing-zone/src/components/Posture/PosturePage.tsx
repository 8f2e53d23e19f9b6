import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Alert, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { ResponseError } from '@backstage/errors';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { ErrorState, LoadingRows } from '../common';
import { HeadlineCard, useLatestScan } from './Headline';
import { Matrix } from './Matrix';
import { OuTree } from './OuTree';
import styles from './Posture.module.css';
import { TrendChart } from './TrendChart';
import { usePostureQuery } from './usePostureQuery';

const TREND_DAYS = 30;

/**
 * The Landing Zone page: the estate's figures and trend, the OU tree beside
 * the accounts x guardrails matrix.
 */
export function PosturePage() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const { query, setFilter } = usePostureQuery();
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion(v => v + 1), []);
  const { scan, setScan } = useLatestScan(reload);

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [posture, tree, guardrails] = await Promise.all([
      api.getPosture({ days: TREND_DAYS }),
      api.getOrganizationalUnits().catch(e => {
        // Before the first scan there is no tree yet.
        if (e instanceof ResponseError && e.response.status === 404) {
          return undefined;
        }
        throw e;
      }),
      api.listGuardrails(),
    ]);
    return {
      posture,
      tree,
      definitions: guardrails.items,
      configuration: guardrails.configuration,
    };
  }, [api, version]);

  if (loading && !value) return <LoadingRows rows={12} />;
  if (error) return <ErrorState error={error} onRetry={retry} />;
  if (!value) return null;
  const limited = value.posture.visibility === 'limited';

  return (
    <Flex direction="column" gap="4">
      <HeadlineCard
        posture={value.posture}
        own={value.tree?.compliance}
        scan={scan}
        onStarted={setScan}
      />
      <Card>
        <CardHeader>
          <Text as="h2" variant="title-small">
            {t('headline.trendTitle', { days: String(TREND_DAYS) })}
          </Text>
        </CardHeader>
        <CardBody>
          <TrendChart points={value.posture.trend} />
        </CardBody>
      </Card>
      {!value.tree ? (
        <Alert status="info" icon title={t('headline.noScan')} />
      ) : (
        <div className={styles.layout}>
          <Card>
            <CardHeader>
              <Text as="h2" variant="title-small">
                {limited ? t('ouTree.titleYours') : t('ouTree.title')}
              </Text>
            </CardHeader>
            <CardBody>
              <OuTree
                root={value.tree}
                limited={limited}
                selected={query.ou}
                onSelect={ou => setFilter('ou', ou)}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader>
              <Text as="h2" variant="title-small">
                {t('matrix.title')}
              </Text>
            </CardHeader>
            <CardBody>
              <Matrix
                root={value.tree}
                definitions={value.definitions}
                configuration={value.configuration}
                version={version}
              />
            </CardBody>
          </Card>
        </div>
      )}
    </Flex>
  );
}
