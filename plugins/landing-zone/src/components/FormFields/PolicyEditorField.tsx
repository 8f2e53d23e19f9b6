import {
  type ApiHolder,
  translationApiRef,
  type TranslationFunction,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { Flex } from '@backstage/ui';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import type {
  LandingZoneApi,
  PolicyDocumentProblem,
} from '@internal/plugin-landing-zone-common';
import { useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { LoadingRows } from '../common';
import {
  minifiedLength,
  POLICY_MAX_CHARACTERS,
  PolicyEditor,
  type PolicyEditorHandle,
  prettyPolicy,
  Problems,
  sameDocument,
  WhatIfError,
} from '../PolicyWhatIf';
import { FieldHeading } from './FieldHeading';
import styles from './FormFields.module.css';

/**
 * The value of `ui:field: LandingZonePolicyEditor`: an existing policy and
 * its edited document.
 *
 * @public
 */
export type PolicyEditorValue = {
  policyId: string;
  policyType: 'SCP' | 'RCP';
  name: string;
  content: string;
};

/**
 * `ui:options` of the policy editor.
 *
 * @public
 */
export type PolicyEditorOptions = {
  /** Offer only SCPs or only RCPs (default: both). */
  policyType?: 'SCP' | 'RCP';
};

/**
 * Where a document that is not JSON goes wrong, as the what-if answers it:
 * the server names the line and column before it evaluates anything.
 * Undefined for a document that parses, or when the server cannot say.
 */
async function jsonProblems(
  api: Pick<LandingZoneApi, 'whatIfPolicy'>,
  value: Pick<PolicyEditorValue, 'policyId' | 'content'>,
): Promise<PolicyDocumentProblem[] | undefined> {
  try {
    JSON.parse(value.content);
    return undefined;
  } catch {
    return api
      .whatIfPolicy({
        kind: 'edit',
        policyId: value.policyId,
        content: value.content,
      })
      .then(
        result => result.problems,
        () => undefined,
      );
  }
}

/**
 * `ui:field: LandingZonePolicyEditor`: one of the organisation's SCPs or RCPs
 * (not AWS managed ones, which cannot be edited), its document in the what-if
 * page's editor, pretty-printed; where the edited document is not JSON, the
 * line is marked.
 */
export function PolicyEditorField(
  props: FieldExtensionComponentProps<PolicyEditorValue, PolicyEditorOptions>,
) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const editor = useRef<PolicyEditorHandle>(null);
  const { schema, uiSchema, required, formData, onChange, disabled } = props;
  const policyType = uiSchema['ui:options']?.policyType;
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listPolicies(),
    [api],
  );
  const policies = (value?.items ?? []).filter(
    p => !p.awsManaged && (!policyType || p.policyType === policyType),
  );
  const label = schema.title ?? t('formFields.policyTitle');

  // Problems are asked for only once typing pauses, and only of a document
  // that does not parse.
  const [settled, setSettled] = useState(formData);
  useDebounce(() => setSettled(formData), 600, [formData]);
  const problems = useAsync(
    async () => (settled?.policyId ? jsonProblems(api, settled) : undefined),
    [api, settled],
  );

  return (
    <Flex direction="column" gap="2">
      <FieldHeading
        label={label}
        required={required}
        description={schema.description}
      />
      {loading && !value && <LoadingRows rows={2} />}
      {error && <WhatIfError error={error} onRetry={retry} />}
      {value && (
        <select
          className={styles.search}
          aria-label={label}
          value={formData?.policyId ?? ''}
          disabled={disabled}
          onChange={e => {
            const policy = policies.find(p => p.id === e.target.value);
            if (policy) {
              onChange({
                policyId: policy.id,
                policyType: policy.policyType,
                name: policy.name,
                content: prettyPolicy(policy.content),
              });
            }
          }}
        >
          <option value="" disabled>
            {t('formFields.policyPick')}
          </option>
          {policies.map(p => (
            <option key={p.id} value={p.id}>
              {`${p.name} (${p.policyType})`}
            </option>
          ))}
        </select>
      )}
      {formData?.policyId && (
        <PolicyEditor
          ref={editor}
          label={t('whatIf.document')}
          value={formData.content}
          onChange={content => onChange({ ...formData, content })}
          problems={problems.value}
          disabled={disabled}
        />
      )}
      {problems.value && problems.value.length > 0 && (
        <Problems
          problems={problems.value}
          onGoTo={(line, column) => editor.current?.goTo(line, column)}
        />
      )}
    </Flex>
  );
}

/** The plugin's messages in the reader's language, once they are loaded. */
async function messages(
  apiHolder: ApiHolder,
): Promise<TranslationFunction<typeof landingZoneTranslationRef.T>> {
  const translations = apiHolder.get(translationApiRef)!;
  const now = translations.getTranslation(landingZoneTranslationRef);
  if (now.ready) return now.t;
  return new Promise((resolve, reject) => {
    const subscription = translations
      .translation$(landingZoneTranslationRef)
      .subscribe({
        next: snapshot => {
          if (snapshot.ready) {
            subscription.unsubscribe();
            resolve(snapshot.t);
          }
        },
        error: reject,
      });
  });
}

/**
 * A policy must be picked, its document JSON (where not, at which line and
 * column), within Organizations' size quota, changed, and one the evaluator
 * can judge.
 */
export const policyEditorValidator: CustomFieldValidator<
  PolicyEditorValue,
  PolicyEditorOptions
> = async (value, validation, context) => {
  const t = await messages(context.apiHolder);
  if (!value?.policyId) {
    validation.addError(t('formFields.policyNone'));
    return;
  }
  const api = context.apiHolder.get(landingZoneApiRef);
  const size = minifiedLength(value.content);
  if (size === undefined) {
    const problems = api ? await jsonProblems(api, value) : undefined;
    const at = problems?.find(p => p.line !== undefined);
    validation.addError(
      at
        ? t('formFields.policyInvalidAt', {
            line: String(at.line),
            column: String(at.column ?? 1),
          })
        : t('formFields.policyInvalid'),
    );
    return;
  }
  if (size > POLICY_MAX_CHARACTERS) {
    validation.addError(
      t('formFields.policyTooLong', {
        size: size.toLocaleString('en-US'),
        max: POLICY_MAX_CHARACTERS.toLocaleString('en-US'),
      }),
    );
    return;
  }
  const policies = await api?.listPolicies().catch(() => undefined);
  const original = policies?.items.find(p => p.id === value.policyId);
  if (original && sameDocument(original.content, value.content)) {
    validation.addError(t('formFields.policyUnchanged'));
    return;
  }
  // What only the evaluator knows (an element or condition operator it cannot
  // judge): the what-if says so before the template's own step would. Where
  // it cannot be asked, that step still judges the document.
  const judged = await api
    ?.whatIfPolicy({
      kind: 'edit',
      policyId: value.policyId,
      content: value.content,
    })
    .catch(() => undefined);
  for (const problem of judged?.problems ?? []) {
    validation.addError(
      problem.line !== undefined
        ? `${t('whatIf.problemAt', {
            line: String(problem.line),
            column: String(problem.column ?? 1),
          })}: ${problem.message}`
        : problem.message,
    );
  }
};
