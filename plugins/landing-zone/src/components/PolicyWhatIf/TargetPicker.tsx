import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import type {
  OrganizationTreeNode,
  PolicyTarget,
} from '@internal/plugin-landing-zone-common';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { ErrorState, LoadingRows } from '../common';
import pickers from '../FormFields/FormFields.module.css';
import styles from './PolicyWhatIf.module.css';

const ACCOUNTS_SHOWN = 10;

function flatten(
  node: OrganizationTreeNode,
  depth = 0,
): { node: OrganizationTreeNode; depth: number }[] {
  return [
    { node, depth },
    ...node.children.flatMap(child => flatten(child, depth + 1)),
  ];
}

/**
 * Where a new policy would be attached: the root, an OU of the live tree, or
 * an account, narrowed by one search over OU paths and account names, emails
 * and ids.
 */
export function TargetPicker(props: {
  value?: string;
  onChange: (target: PolicyTarget) => void;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(text.trim()), 250, [text]);
  const tree = useAsyncRetry(() => api.getOrganizationalUnits(), [api]);
  const accounts = useAsyncRetry(
    () => api.listAccounts({ q: q || undefined, limit: ACCOUNTS_SHOWN }),
    [api, q],
  );
  const units = useMemo(() => {
    if (!tree.value) return [];
    const needle = q.toLowerCase();
    return flatten(tree.value).filter(
      ({ node }) =>
        !needle ||
        node.path.toLowerCase().includes(needle) ||
        node.id.toLowerCase().includes(needle),
    );
  }, [tree.value, q]);

  const option = (
    target: PolicyTarget,
    main: string,
    detail: string,
    depth = 0,
  ) => {
    const picked = props.value === target.id;
    return (
      <li key={target.id} style={{ paddingLeft: `${depth * 16}px` }}>
        <button
          type="button"
          role="radio"
          aria-checked={picked}
          className={`${pickers.option} ${picked ? pickers.picked : ''}`}
          onClick={() => props.onChange(target)}
          data-target={target.id}
        >
          <span>{main}</span>
          <span className={`${pickers.detail} ${pickers.mono}`}>{detail}</span>
        </button>
      </li>
    );
  };

  const activeAccounts = (accounts.value?.items ?? []).filter(
    a => a.status === 'ACTIVE',
  );
  const nothing =
    tree.value && accounts.value && !units.length && !activeAccounts.length;
  return (
    <Flex direction="column" gap="1">
      <input
        className={pickers.search}
        type="search"
        value={text}
        placeholder={t('whatIf.targetSearch')}
        aria-label={t('whatIf.targetSearch')}
        onChange={e => setText(e.target.value)}
      />
      {tree.loading && !tree.value && <LoadingRows rows={4} />}
      {tree.error && <ErrorState error={tree.error} onRetry={tree.retry} />}
      {accounts.error && (
        <ErrorState error={accounts.error} onRetry={accounts.retry} />
      )}
      {nothing && <Text color="secondary">{t('whatIf.targetNone')}</Text>}
      {accounts.value &&
        accounts.value.totalCount > accounts.value.items.length && (
          <Text variant="body-small" color="secondary">
            {t('formFields.accountMore', {
              shown: String(accounts.value.items.length),
              total: String(accounts.value.totalCount),
            })}
          </Text>
        )}
      {tree.value && (
        <div className={styles.targets}>
          <ul
            className={pickers.list}
            role="radiogroup"
            aria-label={t('whatIf.target')}
          >
            {units.map(({ node, depth }) =>
              depth === 0
                ? option(
                    { id: node.id, type: 'ROOT', name: 'Root' },
                    t('whatIf.targetRoot'),
                    node.id,
                  )
                : option(
                    {
                      id: node.id,
                      type: 'ORGANIZATIONAL_UNIT',
                      name: node.path,
                    },
                    `${t('whatIf.targetOu')} ${node.path}`,
                    node.id,
                    depth,
                  ),
            )}
            {activeAccounts.map(account =>
              option(
                { id: account.id, type: 'ACCOUNT', name: account.name },
                `${t('whatIf.targetAccount')} ${account.name}`,
                `${account.id} · ${account.ouPath}`,
              ),
            )}
          </ul>
        </div>
      )}
    </Flex>
  );
}
