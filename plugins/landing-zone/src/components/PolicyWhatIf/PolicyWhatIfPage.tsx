import {
  useApi,
  useAppSearchParams,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import type {
  PolicyDocumentProblem,
  PolicySummary,
  PolicyTarget,
  PolicyWhatIfRequest,
} from '@internal/plugin-landing-zone-common';
import { useEffect, useRef, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { landingZoneApiRef } from '../../api';
import { landingZoneTranslationRef } from '../../translation';
import { LoadingRows } from '../common';
import posture from '../Posture/Posture.module.css';
import {
  PolicyEditor,
  type PolicyEditorHandle,
  prettyPolicy,
  sameDocument,
} from './PolicyEditor';
import styles from './PolicyWhatIf.module.css';
import { Problems } from './Problems';
import { TargetPicker } from './TargetPicker';
import { WhatIfError } from './WhatIfError';
import { WhatIfResult } from './WhatIfResult';

type Mode = PolicyWhatIfRequest['kind'];
const MODES: Mode[] = ['edit', 'attach-new', 'detach'];
const none: PolicyDocumentProblem[] = [];

function PolicySelect(props: {
  policies: PolicySummary[];
  value?: string;
  onChange: (policyId: string) => void;
  editable: boolean;
}) {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const group = (type: 'SCP' | 'RCP') => {
    const policies = props.policies.filter(p => p.policyType === type);
    return (
      policies.length > 0 && (
        <optgroup label={t(`whatIf.types.${type}`)}>
          {policies.map(p => (
            <option
              key={p.id}
              value={p.id}
              disabled={props.editable && p.awsManaged}
            >
              {p.awsManaged ? `${p.name} (${t('whatIf.awsManaged')})` : p.name}
            </option>
          ))}
        </optgroup>
      )
    );
  };
  return (
    <label className={styles.control}>
      {t('whatIf.policy')}
      <select
        value={props.value ?? ''}
        onChange={e => props.onChange(e.target.value)}
      >
        <option value="" disabled>
          {t('whatIf.pickPolicy')}
        </option>
        {group('SCP')}
        {group('RCP')}
      </select>
    </label>
  );
}

/**
 * The policy what-if: an SCP or RCP edited, attached anew or detached, and
 * what that would do to every account it reaches (the sample requests that
 * turn around, the verdicts that change), before anyone attaches it.
 */
export function PolicyWhatIfPage() {
  const { t } = useTranslationRef(landingZoneTranslationRef);
  const api = useApi(landingZoneApiRef);
  const editor = useRef<PolicyEditorHandle>(null);
  // What is being changed is in the URL, so it can be shared; the draft is not.
  const [params, setParams] = useAppSearchParams();
  const mode: Mode = MODES.find(m => m === params.get('mode')) ?? 'edit';
  const policyId = params.get('policy') ?? undefined;
  const set = (next: Record<string, string | undefined>) =>
    setParams(previous => {
      const merged = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(next)) {
        if (value) merged.set(key, value);
        else merged.delete(key);
      }
      return merged;
    });

  const loaded = useAsyncRetry(async () => {
    const [policies, guardrails] = await Promise.all([
      api.listPolicies(),
      api.listGuardrails(),
    ]);
    return {
      policies: policies.items,
      definitions: new Map(guardrails.items.map(d => [d.id, d])),
    };
  }, [api]);
  const policy = loaded.value?.policies.find(p => p.id === policyId);

  const [edited, setEdited] = useState('');
  const [draft, setDraft] = useState('');
  const [name, setName] = useState('');
  const [policyType, setPolicyType] = useState<'SCP' | 'RCP'>('SCP');
  const [target, setTarget] = useState<PolicyTarget>();
  const [detachFrom, setDetachFrom] = useState<string>();
  useEffect(() => {
    setEdited(policy ? prettyPolicy(policy.content) : '');
    setDetachFrom(undefined);
  }, [policy]);

  let request: PolicyWhatIfRequest | undefined;
  if (mode === 'edit' && policy && !policy.awsManaged && edited.trim()) {
    request = { kind: 'edit', policyId: policy.id, content: edited };
  } else if (mode === 'attach-new' && name.trim() && target && draft.trim()) {
    request = {
      kind: 'attach-new',
      policyType,
      name: name.trim(),
      content: draft,
      targetId: target.id,
    };
  } else if (mode === 'detach' && policy && detachFrom) {
    request = { kind: 'detach', policyId: policy.id, targetId: detachFrom };
  }
  const unchanged =
    mode === 'edit' &&
    policy !== undefined &&
    sameDocument(edited, policy.content);
  const requestKey = JSON.stringify(request ?? null);

  const [evaluation, evaluate] = useAsyncFn(
    async (change: PolicyWhatIfRequest) => ({
      kind: change.kind,
      key: JSON.stringify(change),
      result: await api.whatIfPolicy(change),
    }),
    [api],
  );
  // Problems stay while the document is fixed, in the mode they were found in.
  const problems =
    evaluation.value?.kind === mode ? evaluation.value.result.problems : none;
  // A result answers the change as it was evaluated: once the change is
  // edited, it no longer does.
  const current =
    evaluation.value?.key === requestKey ? evaluation.value.result : undefined;
  const firstProblem = problems.find(p => p.line !== undefined);
  useEffect(() => {
    if (firstProblem?.line) {
      editor.current?.goTo(firstProblem.line, firstProblem.column);
    }
  }, [firstProblem]);

  if (loaded.loading && !loaded.value) return <LoadingRows rows={12} />;
  if (loaded.error) {
    return <WhatIfError error={loaded.error} onRetry={loaded.retry} />;
  }
  if (!loaded.value) return null;
  const { policies, definitions } = loaded.value;

  const documentEditor = (value: string, onChange: (value: string) => void) => (
    <div className={styles.control}>
      <span>{t('whatIf.document')}</span>
      <PolicyEditor
        ref={editor}
        label={t('whatIf.document')}
        value={value}
        onChange={onChange}
        problems={problems}
        placeholder={t('whatIf.documentPlaceholder')}
      />
    </div>
  );

  return (
    <Flex direction="column" gap="4">
      <Card>
        <CardHeader>
          <Flex direction="column" gap="1">
            <Text as="h2" variant="title-small">
              {t('whatIf.title')}
            </Text>
            <Text color="secondary">{t('whatIf.intro')}</Text>
          </Flex>
        </CardHeader>
        <CardBody>
          <form
            className={styles.form}
            onSubmit={e => {
              e.preventDefault();
              if (request && !unchanged) evaluate(request);
            }}
          >
            <fieldset className={styles.modes}>
              <legend>{t('whatIf.mode')}</legend>
              {MODES.map(m => (
                <label key={m} className={styles.choice}>
                  <input
                    type="radio"
                    name="lz-what-if-mode"
                    value={m}
                    checked={mode === m}
                    onChange={() => set({ mode: m })}
                  />
                  {t(`whatIf.modes.${m}`)}
                </label>
              ))}
            </fieldset>

            {mode !== 'attach-new' && policies.length === 0 && (
              <Alert status="info" icon title={t('whatIf.noPolicies')} />
            )}
            {mode !== 'attach-new' && policies.length > 0 && (
              <>
                <PolicySelect
                  policies={policies}
                  value={policy?.id}
                  editable={mode === 'edit'}
                  onChange={id => set({ policy: id })}
                />
                {policy && (
                  <Text variant="body-small" color="secondary">
                    {[
                      policy.description,
                      policy.targets.length
                        ? t('whatIf.attachedTo', {
                            targets: policy.targets
                              .map(attached => attached.name)
                              .join(', '),
                          })
                        : t('whatIf.notAttached'),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                )}
                {mode === 'edit' && policy?.awsManaged && (
                  <Alert
                    status="info"
                    icon
                    title={t('whatIf.awsManagedNote')}
                  />
                )}
              </>
            )}

            {mode === 'edit' &&
              policy &&
              !policy.awsManaged &&
              documentEditor(edited, setEdited)}

            {mode === 'attach-new' && (
              <>
                <label className={styles.control}>
                  {t('whatIf.policyType')}
                  <select
                    value={policyType}
                    onChange={e =>
                      setPolicyType(e.target.value === 'RCP' ? 'RCP' : 'SCP')
                    }
                  >
                    <option value="SCP">{t('whatIf.types.SCP')}</option>
                    <option value="RCP">{t('whatIf.types.RCP')}</option>
                  </select>
                </label>
                <label className={styles.control}>
                  {t('whatIf.name')}
                  <input
                    value={name}
                    placeholder={t('whatIf.namePlaceholder')}
                    onChange={e => setName(e.target.value)}
                  />
                </label>
                <div className={styles.control}>
                  <span>
                    {target
                      ? `${t('whatIf.target')}: ${target.name}`
                      : t('whatIf.target')}
                  </span>
                  <TargetPicker value={target?.id} onChange={setTarget} />
                </div>
                {documentEditor(draft, setDraft)}
              </>
            )}

            {mode === 'detach' && policy && (
              <label className={styles.control}>
                {t('whatIf.detachFrom')}
                <select
                  value={detachFrom ?? ''}
                  onChange={e => setDetachFrom(e.target.value || undefined)}
                >
                  <option value="" disabled>
                    {t('whatIf.pickTarget')}
                  </option>
                  {policy.targets.map(attached => (
                    <option key={attached.id} value={attached.id}>
                      {`${attached.name} (${attached.id})`}
                    </option>
                  ))}
                </select>
              </label>
            )}

            {problems.length > 0 && (
              <Problems
                problems={problems}
                onGoTo={(line, column) => editor.current?.goTo(line, column)}
              />
            )}
            {unchanged && (
              <Text variant="body-small" color="secondary">
                {t('whatIf.unchanged')}
              </Text>
            )}
            <Flex align="center" gap="3">
              <Button
                type="submit"
                variant="primary"
                isDisabled={!request || unchanged || evaluation.loading}
              >
                {t('whatIf.evaluate')}
              </Button>
            </Flex>
          </form>
        </CardBody>
      </Card>

      {evaluation.loading && (
        <Flex direction="column" gap="1" role="status">
          <Text>{t('whatIf.evaluating')}</Text>
          <progress
            className={posture.progress}
            aria-label={t('whatIf.evaluating')}
          />
        </Flex>
      )}
      {!evaluation.loading && evaluation.error && (
        <WhatIfError error={evaluation.error} />
      )}
      {!evaluation.loading &&
        current &&
        current.problems.length === 0 &&
        current.reached !== undefined && (
          <WhatIfResult
            result={{
              problems: [],
              reached: current.reached,
              accounts: current.accounts ?? [],
              requests: current.requests ?? [],
              accountNames: current.accountNames,
            }}
            definitions={definitions}
          />
        )}
    </Flex>
  );
}
