import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  evidenceMessages,
  guardrailCatalogue,
} from '@internal/plugin-landing-zone-common';
import { screen } from '@testing-library/react';
import { StatusBadge } from '../components/common';
import { evidenceJa } from './evidence';
import { guardrailsJa } from './guardrailsJa';
import guardrailMessages from './guardrails';

describe('Japanese', () => {
  it('has every built-in guardrail in Japanese, and nothing else', () => {
    expect(Object.keys(guardrailsJa).sort()).toEqual(
      guardrailCatalogue.map(d => d.id).sort(),
    );
    for (const definition of guardrailCatalogue) {
      for (const field of ['title', 'description', 'remediation']) {
        expect(guardrailMessages[`${definition.id}.${field}`]).toMatch(
          /[ぁ-んァ-ヶ一-龠]/,
        );
      }
    }
  });

  it('says every evidence code in Japanese, with the same values', () => {
    const placeholders = (template: string) =>
      [...template.matchAll(/\{\{(\w+)\}\}/g)].map(m => m[1]).sort();
    expect(Object.keys(evidenceJa).sort()).toEqual(
      Object.keys(evidenceMessages).sort(),
    );
    for (const [code, english] of Object.entries(evidenceMessages)) {
      const japanese = evidenceJa[code as keyof typeof evidenceMessages];
      expect([code, placeholders(japanese)]).toEqual([
        code,
        placeholders(english),
      ]);
    }
    // Only texts that are data alone (an error, a value) stay unchanged.
    const untranslated = Object.entries(evidenceJa)
      .filter(([, japanese]) => !/[ぁ-んァ-ヶ一-龠、]/.test(japanese))
      .map(([code]) => code);
    expect(untranslated).toEqual([
      'error',
      'error.operation',
      'policy.error',
      'value',
      'scp.sample',
      'network.other',
      // Names of a security group and an instance: ids and Name tags.
      'sg.group',
      'sg.group.named',
      'instance.id',
      'instance.named',
    ]);
  });

  it("follows the app's language through the translation ref's Japanese", async () => {
    await renderInTestApp(
      <>
        <StatusBadge compliance="non-compliant" />
        <StatusBadge status="pass" />
      </>,
      {
        apis: [
          mockApis.appLanguage({
            defaultLanguage: 'ja',
            availableLanguages: ['en', 'ja'],
          }),
        ],
      },
    );
    expect(await screen.findByText('非準拠')).toBeInTheDocument();
    expect(screen.getByText('合格')).toBeInTheDocument();
  });
});
