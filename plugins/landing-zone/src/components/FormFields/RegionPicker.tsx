import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneVendingApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { ErrorState, LoadingRows } from '../common';
import { FieldHeading } from './FieldHeading';
import styles from './FormFields.module.css';

/** `ui:options` of the region picker. */
export type RegionPickerOptions = {
  /** The form field holding the OU id (default `ouId`). */
  ouField?: string;
};

const ouOf = (
  formData: Record<string, unknown> | undefined,
  options: RegionPickerOptions | undefined,
) => {
  const value = formData?.[options?.ouField ?? 'ouId'];
  return typeof value === 'string' && value ? value : undefined;
};

/**
 * `ui:field: LandingZoneRegionPicker`: the regions a new account may use,
 * offered from what the service control policies on the chosen OU's path
 * allow; the others are shown disabled with the policy that denies them.
 */
export function RegionPicker(
  props: FieldExtensionComponentProps<string[], RegionPickerOptions>,
) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneVendingApiRef);
  const { schema, uiSchema, required, formData, onChange } = props;
  const ouId = ouOf(props.formContext?.formData, uiSchema['ui:options']);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (ouId ? api.getAllowedRegions(ouId) : undefined),
    [api, ouId],
  );
  // The form may hand an array padded with empty items: only names count.
  const picked = new Set(
    (formData ?? []).filter((r): r is string => typeof r === 'string'),
  );
  const label = schema.title ?? t('formFields.regionsTitle');
  const toggle = (region: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(region);
    else next.delete(region);
    onChange(
      (value?.regions ?? []).map(r => r.region).filter(r => next.has(r)),
    );
  };
  const deniedPicked = (value?.regions ?? []).filter(
    r => !r.allowed && picked.has(r.region),
  );
  return (
    <Flex direction="column" gap="1">
      <FieldHeading
        label={label}
        required={required}
        description={schema.description}
      />
      {!ouId && <Text color="secondary">{t('formFields.regionsPickOu')}</Text>}
      {loading && !value && <LoadingRows rows={4} />}
      {error && <ErrorState error={error} onRetry={retry} />}
      {value && (
        <fieldset className={styles.fieldset}>
          <legend className={styles.detail}>
            {t('formFields.regionsFor', {
              ou: value.organizationalUnit.path,
            })}
          </legend>
          {value.regions.map(r => (
            <label
              key={r.region}
              className={`${styles.checkbox} ${r.allowed ? '' : styles.denied}`}
            >
              <input
                type="checkbox"
                checked={picked.has(r.region)}
                disabled={!r.allowed && !picked.has(r.region)}
                onChange={e => toggle(r.region, e.target.checked)}
              />
              <span className={styles.mono}>{r.region}</span>
              {!r.allowed && (
                <span className={styles.why}>
                  {t('formFields.regionDenied', { reason: r.reason })}
                </span>
              )}
            </label>
          ))}
        </fieldset>
      )}
      {deniedPicked.length > 0 && (
        <Text variant="body-small" className={styles.error}>
          {t('formFields.regionsDeniedPicked', {
            regions: deniedPicked.map(r => r.region).join(', '),
          })}
        </Text>
      )}
    </Flex>
  );
}

/** Blocks "Next" when a picked region is denied on the OU's path. */
export const regionValidator: CustomFieldValidator<
  string[],
  RegionPickerOptions
> = async (value, validation, context) => {
  const regions = (value ?? []).filter(r => typeof r === 'string' && r);
  if (regions.length === 0) {
    validation.addError('Pick at least one region');
    return;
  }
  const ouId = ouOf(context.formData, context.uiSchema?.['ui:options']);
  const api = context.apiHolder.get(landingZoneVendingApiRef);
  if (!ouId || !api) return;
  const allowed = await api.getAllowedRegions(ouId);
  if (!allowed) return;
  const denied = regions.filter(r => !allowed.allowedRegions.includes(r));
  if (denied.length) {
    validation.addError(
      `${denied.join(', ')}: denied by the service control policies on ${
        allowed.organizationalUnit.path
      }`,
    );
  }
};
