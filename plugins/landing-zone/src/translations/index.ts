import { createTranslationResource } from '@backstage/frontend-plugin-api';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import { landingZoneGuardrailsTranslationRef } from '../guardrailTexts';
import { landingZoneTranslationRef } from '../translation';

/** The plugin's strings in Japanese. */
export const landingZoneTranslations = TranslationBlueprint.make({
  name: 'strings',
  params: {
    resource: createTranslationResource({
      ref: landingZoneTranslationRef,
      translations: { ja: () => import('./ja') },
    }),
  },
});

/** The built-in guardrails' texts in Japanese. */
export const landingZoneGuardrailTranslations = TranslationBlueprint.make({
  name: 'guardrails',
  params: {
    resource: createTranslationResource({
      ref: landingZoneGuardrailsTranslationRef,
      translations: { ja: () => import('./guardrails') },
    }),
  },
});
