import {
  createTranslationRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  guardrailCatalogue,
  type GuardrailDefinition,
} from '@internal/plugin-landing-zone-common';

type GuardrailText = Pick<
  GuardrailDefinition,
  'title' | 'description' | 'remediation'
>;

// The English texts are the catalogue's own (one source, shared with the
// backend); Japanese in ./translations/guardrailsJa.
const english: Record<string, GuardrailText> = Object.fromEntries(
  guardrailCatalogue.map(({ id, title, description, remediation }) => [
    id,
    { title, description, remediation },
  ]),
);

/**
 * The title, description and remediation of every built-in guardrail, keyed
 * `<guardrail id>.title` and so on.
 *
 * @public
 */
export const landingZoneGuardrailsTranslationRef = createTranslationRef({
  id: 'plugin.landing-zone.guardrails',
  messages: english,
  translations: {
    ja: () => import('./translations/guardrails'),
  },
});

/**
 * A guardrail's texts in the reader's language. Guardrails that other modules
 * add through the checks extension point are not in the catalogue: their
 * texts are shown as the backend serves them.
 */
export function useGuardrailText(): (
  definition: GuardrailText & {
    id: string;
  },
) => GuardrailText {
  const { t } = useTranslationRef(landingZoneGuardrailsTranslationRef);
  const translate = t as unknown as (key: string) => string;
  return definition =>
    english[definition.id]
      ? {
          title: translate(`${definition.id}.title`),
          description: translate(`${definition.id}.description`),
          remediation: translate(`${definition.id}.remediation`),
        }
      : definition;
}
