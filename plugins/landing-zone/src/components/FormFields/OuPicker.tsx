import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex } from '@backstage/ui';
import type { OrganizationTreeNode } from '@internal/plugin-landing-zone-common';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { ErrorState, LoadingRows } from '../common';
import { FieldHeading } from './FieldHeading';
import styles from './FormFields.module.css';

/**
 * An OU no account may be requested into: the organisation's quarantine for
 * suspended or closing accounts, by the name AWS's landing zone guidance and
 * Control Tower give it. The account validation action refuses it too.
 */
export function isSuspendedOu(node: Pick<OrganizationTreeNode, 'path'>) {
  return node.path.split('/').some(part => /^suspended$/i.test(part.trim()));
}

function Node(props: {
  node: OrganizationTreeNode;
  value?: string;
  onPick: (ouId: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const { node } = props;
  const suspended = isSuspendedOu(node);
  const picked = props.value === node.id;
  return (
    <li>
      <button
        type="button"
        role="radio"
        aria-checked={picked}
        className={`${styles.option} ${picked ? styles.picked : ''}`}
        disabled={props.disabled || suspended}
        onClick={() => props.onPick(node.id)}
        data-ou={node.id}
      >
        <span>{node.name}</span>
        <span className={styles.detail}>
          {suspended
            ? t('formFields.ouSuspended')
            : `${node.id} · ${t('ouTree.accounts', {
                count: node.accountCount,
              })}`}
        </span>
      </button>
      {node.children.length > 0 && (
        <ul>
          {node.children.map(child => (
            <Node
              key={child.id}
              node={child}
              value={props.value}
              onPick={props.onPick}
              disabled={props.disabled}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * `ui:field: LandingZoneOuPicker`: the target OU, picked from a tree of the
 * live organisation; suspended OUs are shown greyed out. The value is the
 * OU's id (`ou-…`, or the root's `r-…`).
 */
export function OuPicker(props: FieldExtensionComponentProps<string>) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getOrganizationalUnits(),
    [api],
  );
  const { schema, required, formData, onChange, disabled } = props;
  const label = schema.title ?? t('formFields.ouTitle');
  return (
    <Flex direction="column" gap="1">
      <FieldHeading
        label={label}
        required={required}
        description={schema.description}
        as="label"
      />
      {loading && !value && <LoadingRows rows={4} />}
      {error && <ErrorState error={error} onRetry={retry} />}
      {value && (
        <ul className={styles.tree} role="radiogroup" aria-label={label}>
          {value.children.map(child => (
            <Node
              key={child.id}
              node={child}
              value={formData}
              onPick={onChange}
              disabled={disabled}
            />
          ))}
        </ul>
      )}
    </Flex>
  );
}
