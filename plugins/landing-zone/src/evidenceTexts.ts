import {
  createTranslationRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  evidenceMessages,
  type EvidenceTranslator,
  type GuardrailEvidence,
  renderEvidence,
} from '@internal/plugin-landing-zone-common';

/**
 * What the built-in checks' evidence says, by code. The English is the
 * templates the backend writes its messages from (one source, in -common);
 * Japanese in ./translations/evidence.
 *
 * @public
 */
export const landingZoneEvidenceTranslationRef = createTranslationRef({
  id: 'plugin.landing-zone.evidence',
  messages: evidenceMessages,
  translations: {
    ja: () => import('./translations/evidence'),
  },
});

/**
 * A piece of evidence in the reader's language. Evidence without a code, or
 * with one this page does not know (a check another module adds, a newer
 * backend), is shown as the backend wrote it.
 */
export function useEvidenceText(): (evidence: GuardrailEvidence) => string {
  const { t } = useTranslationRef(landingZoneEvidenceTranslationRef);
  // The codes are checked against the templates before they are looked up.
  const translate = t as unknown as EvidenceTranslator;
  return evidence => renderEvidence(evidence, translate);
}
