import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { guardrailCatalogue } from '@internal/plugin-landing-zone-common';
import { screen } from '@testing-library/react';
import { StatusBadge } from '../components/common';
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
