import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import {
  accountNameProblem,
  rootEmailProblem,
  type Availability,
  type LandingZoneVendingApi,
} from '@internal/plugin-landing-zone-common';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { landingZoneVendingApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import styles from './FormFields.module.css';

/** Which value: the account's name or its root email. */
export type AvailableValueKind = 'name' | 'email';

const problemOf = (kind: AvailableValueKind, value: string) =>
  kind === 'name' ? accountNameProblem(value) : rootEmailProblem(value);

/** Who already uses the value, in words. */
function takenBy(availability: Availability): string | undefined {
  const holder = availability.takenBy;
  if (!holder) return availability.reason;
  return holder.kind === 'account'
    ? `${holder.accountName} (${holder.accountId})`
    : `${holder.accountName} (${holder.pullRequestUrl})`;
}

async function check(
  api: LandingZoneVendingApi,
  kind: AvailableValueKind,
  value: string,
): Promise<Availability | undefined> {
  const answer = await api.checkAvailability(
    kind === 'name' ? { name: value } : { email: value },
  );
  return kind === 'name' ? answer.name : answer.email;
}

/**
 * A text field that says as one types whether the value is valid by AWS's
 * rules and free: no account and no request in flight uses it.
 */
function AvailableValue(
  props: FieldExtensionComponentProps<string> & { kind: AvailableValueKind },
) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneVendingApiRef);
  const { schema, required, formData, onChange, kind, idSchema } = props;
  const [settled, setSettled] = useState(formData ?? '');
  useDebounce(() => setSettled(formData ?? ''), 400, [formData]);
  const problem = settled ? problemOf(kind, settled) : undefined;
  const { value: availability, loading } = useAsync(async () => {
    if (!settled || problem) return undefined;
    return check(api, kind, settled);
  }, [api, kind, settled, problem]);

  let status: JSX.Element | undefined;
  if (problem) {
    status = (
      <span className={styles.bad}>{t('formFields.invalid', { problem })}</span>
    );
  } else if (loading) {
    status = <span className={styles.detail}>{t('formFields.checking')}</span>;
  } else if (availability?.available) {
    status = (
      <span className={styles.good}>
        {t('formFields.available', { value: settled })}
      </span>
    );
  } else if (availability) {
    status = (
      <span className={styles.bad}>
        {t('formFields.taken', {
          value: settled,
          by: takenBy(availability) ?? '',
        })}
      </span>
    );
  }
  const id = idSchema?.$id ?? `lz-${kind}`;
  return (
    <Flex direction="column" gap="1">
      <label htmlFor={id}>
        <Text variant="body-medium" weight="bold">
          {`${schema.title ?? kind}${required ? ' *' : ''}`}
        </Text>
      </label>
      <input
        id={id}
        className={styles.search}
        type={kind === 'email' ? 'email' : 'text'}
        value={formData ?? ''}
        autoComplete="off"
        aria-describedby={`${id}-status`}
        onChange={e => onChange(e.target.value || undefined)}
      />
      {schema.description && (
        <Text variant="body-small" color="secondary">
          {schema.description}
        </Text>
      )}
      <div id={`${id}-status`} role="status" aria-live="polite">
        {status}
      </div>
    </Flex>
  );
}

export function AccountNameField(props: FieldExtensionComponentProps<string>) {
  return <AvailableValue {...props} kind="name" />;
}

export function RootEmailField(props: FieldExtensionComponentProps<string>) {
  return <AvailableValue {...props} kind="email" />;
}

/** Blocks "Next" on an invalid or taken value, with the reason. */
export function availabilityValidator(
  kind: AvailableValueKind,
): CustomFieldValidator<string> {
  return async (value, validation, context) => {
    if (!value) return;
    const problem = problemOf(kind, value);
    if (problem) {
      validation.addError(problem);
      return;
    }
    const api = context.apiHolder.get(landingZoneVendingApiRef);
    if (!api) return; // the backend checks again when the request is made
    const availability = await check(api, kind, value);
    if (availability && !availability.available) {
      validation.addError(
        `${value} is already used by ${
          takenBy(availability) ?? 'another account'
        }`,
      );
    }
  };
}
