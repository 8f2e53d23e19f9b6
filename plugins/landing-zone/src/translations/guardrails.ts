import { guardrailsJa } from './guardrailsJa';

// Flattened to the `<id>.title` keys of landingZoneGuardrailsTranslationRef.
const messages: Record<string, string> = {};
for (const [id, text] of Object.entries(guardrailsJa)) {
  messages[`${id}.title`] = text.title;
  messages[`${id}.description`] = text.description;
  messages[`${id}.remediation`] = text.remediation;
}

export default messages;
