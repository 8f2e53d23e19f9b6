import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { landingZoneVendingApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { ErrorState } from '../common';
import styles from './FormFields.module.css';

/** `ui:options` of the CIDR preview. */
export type CidrPreviewOptions = {
  /** The form field holding the prefix length (default `vpcPrefixLength`). */
  prefixField?: string;
  /** The form field saying whether a VPC is wanted (default `standardVpc`). */
  enabledField?: string;
};

/**
 * `ui:field: LandingZoneCidrPreview`: the block a VPC of the chosen size
 * would get now from the first pool with room, so the review step shows it.
 * The block is allocated only when the request is created: another request
 * may take this one first, and then the next free block is allocated.
 */
export function CidrPreview(
  props: FieldExtensionComponentProps<string, CidrPreviewOptions>,
) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneVendingApiRef);
  const { schema, uiSchema, formContext, onChange, formData } = props;
  const options = uiSchema['ui:options'];
  const data = formContext?.formData ?? {};
  const prefix = Number(data[options?.prefixField ?? 'vpcPrefixLength']);
  const enabled = data[options?.enabledField ?? 'standardVpc'] !== false;
  const { value, error } = useAsync(
    async () =>
      enabled
        ? api.listCidrPools(
            Number.isInteger(prefix) ? { prefixLength: prefix } : undefined,
          )
        : undefined,
    [api, prefix, enabled],
  );
  const pool = value?.pools.find(p => p.nextFree);
  const next = enabled ? pool?.nextFree : undefined;
  useEffect(() => {
    if (value !== undefined || !enabled) onChange(next);
  }, [next, value, enabled, onChange]);
  let line: string;
  if (!enabled) line = t('formFields.cidrNoVpc');
  else if (!value) line = t('formFields.checking');
  else if (!pool) line = t('formFields.cidrExhausted');
  else
    line = t('formFields.cidrNext', {
      cidr: pool.nextFree!,
      pool: `${pool.name} (${pool.cidr})`,
    });
  return (
    <Flex direction="column" gap="1">
      <Text as="span" variant="body-medium" weight="bold">
        {schema.title ?? t('formFields.cidrTitle')}
      </Text>
      <Text
        role="status"
        className={!pool && value ? styles.bad : styles.mono}
        data-cidr={formData ?? ''}
      >
        {line}
      </Text>
      <Text variant="body-small" color="secondary">
        {t('formFields.cidrHow')}
      </Text>
      {error && <ErrorState error={error} />}
    </Flex>
  );
}
