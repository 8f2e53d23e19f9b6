import {
  type ApiHolder,
  type ApiRef,
  translationApiRef,
} from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import type { LandingZoneApi } from '@internal/plugin-landing-zone-common';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { landingZoneApiRef } from '../../api';
import {
  fieldProps,
  mockLandingZoneApi,
  policies,
  regionAllowList,
} from '../testData';
import {
  PolicyEditorField,
  policyEditorValidator,
  type PolicyEditorValue,
} from './PolicyEditorField';

const pretty = JSON.stringify(regionAllowList, null, 2);
const picked: PolicyEditorValue = {
  policyId: 'p-regionallow',
  policyType: 'SCP',
  name: 'region-allow-list',
  content: pretty,
};

jest.setTimeout(30_000);
const slow = { timeout: 10_000 };

describe('PolicyEditorField', () => {
  it('offers the editable policies of the type asked for and fills the editor with the one picked', async () => {
    const onChange = jest.fn();
    const api = mockLandingZoneApi({
      listPolicies: jest.fn().mockResolvedValue({ items: policies }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[landingZoneApiRef, api]]}>
        <PolicyEditorField
          {...fieldProps({
            onChange,
            schema: { title: 'Policy to change', type: 'object' },
            uiSchema: { 'ui:options': { policyType: 'SCP' } },
          })}
        />
      </TestApiProvider>,
    );
    const select = await screen.findByRole(
      'combobox',
      { name: 'Policy to change' },
      slow,
    );
    // No RCP (filtered out), no AWS managed policy (it cannot be edited).
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Pick the policy to change', 'region-allow-list (SCP)']);
    await userEvent.selectOptions(select, 'p-regionallow');
    expect(onChange).toHaveBeenCalledWith(picked);
  });

  it('edits the document in the what-if editor and marks where it is not JSON', async () => {
    const onChange = jest.fn();
    const broken = pretty.replace('"Effect": "Deny",', '"Effect": "Deny"');
    const whatIfPolicy = jest.fn().mockResolvedValue({
      problems: [
        {
          message: 'Not valid JSON at line 7, column 7: expected "," or "}"',
          line: 7,
          column: 7,
        },
      ],
    });
    const api = mockLandingZoneApi({
      listPolicies: jest.fn().mockResolvedValue({ items: policies }),
      whatIfPolicy,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[landingZoneApiRef, api]]}>
        <PolicyEditorField
          {...fieldProps({
            onChange,
            schema: { title: 'Policy to change', type: 'object' },
            formData: { ...picked, content: broken },
          })}
        />
      </TestApiProvider>,
    );
    const editor = await screen.findByRole(
      'textbox',
      { name: 'Policy document' },
      slow,
    );
    expect(editor).toHaveValue(broken);
    expect(
      await screen.findByRole(
        'button',
        { name: 'Line 7, column 7' },
        { timeout: 5_000 },
      ),
    ).toBeInTheDocument();
    expect(document.querySelector('[data-problem-line]')).toHaveAttribute(
      'data-problem-line',
      '7',
    );
    expect(whatIfPolicy).toHaveBeenCalledWith({
      kind: 'edit',
      policyId: 'p-regionallow',
      content: broken,
    });
    fireEvent.change(editor, { target: { value: pretty } });
    expect(onChange).toHaveBeenLastCalledWith(picked);
  });
});

describe('policyEditorValidator', () => {
  function context(api: LandingZoneApi) {
    const translation = mockApis.translation();
    const apiHolder: ApiHolder = {
      get: <T,>(ref: ApiRef<T>) => {
        if (ref.id === landingZoneApiRef.id) return api as T;
        if (ref.id === translationApiRef.id) return translation as T;
        return undefined;
      },
    };
    return { apiHolder, formData: {}, schema: {} };
  }
  async function errorsOf(
    value: PolicyEditorValue | undefined,
    overrides: Partial<LandingZoneApi> = {},
  ) {
    const api = mockLandingZoneApi({
      listPolicies: jest.fn().mockResolvedValue({ items: policies }),
      ...overrides,
    });
    const addError = jest.fn();
    await policyEditorValidator(
      value as PolicyEditorValue,
      { addError } as any,
      context(api),
    );
    return addError.mock.calls.map(call => call[0]);
  }

  it('asks for a policy', async () => {
    expect(await errorsOf(undefined)).toEqual(['Pick the policy to change.']);
  });

  it('says where the document is not JSON, as the server locates it', async () => {
    const whatIfPolicy = jest.fn().mockResolvedValue({
      problems: [{ message: 'Not valid JSON', line: 3, column: 5 }],
    });
    expect(
      await errorsOf({ ...picked, content: '{\n\n    oops' }, { whatIfPolicy }),
    ).toEqual(['The document is not valid JSON at line 3, column 5.']);
    // Without the server's answer, the problem without its position.
    expect(
      await errorsOf(
        { ...picked, content: '{' },
        { whatIfPolicy: jest.fn().mockRejectedValue(new Error('403')) },
      ),
    ).toEqual(['The document is not valid JSON.']);
  });

  it("refuses a document over Organizations' quota", async () => {
    const long = {
      ...regionAllowList,
      Statement: [
        {
          ...regionAllowList.Statement[0],
          NotAction: Array.from({ length: 700 }, (_, i) => `svc${i}:*`),
        },
      ],
    };
    const [error] = await errorsOf({
      ...picked,
      content: JSON.stringify(long, null, 2),
    });
    expect(error).toMatch(
      /^The document has [\d,]+ characters without white space; Organizations allows at most 5,120\.$/,
    );
  });

  it('refuses an unchanged document, white space aside, and accepts a changed one the what-if can judge', async () => {
    const whatIfPolicy = jest.fn().mockResolvedValue({
      problems: [],
      reached: 3,
      accounts: [],
      requests: [],
    });
    expect(await errorsOf(picked, { whatIfPolicy })).toEqual([
      'The document is unchanged: edit it, or pick another policy.',
    ]);
    expect(whatIfPolicy).not.toHaveBeenCalled();
    const edited = {
      ...picked,
      content: pretty.replace(/,\n\s*"us-west-2"/, ''),
    };
    expect(await errorsOf(edited, { whatIfPolicy })).toEqual([]);
    expect(whatIfPolicy).toHaveBeenCalledWith({
      kind: 'edit',
      policyId: 'p-regionallow',
      content: edited.content,
    });
  });

  it('says what the evaluator cannot judge, as the what-if says it', async () => {
    const whatIfPolicy = jest.fn().mockResolvedValue({
      problems: [
        { message: 'Unsupported condition operator StringEqualsFoo' },
        {
          message: 'Statement 1: Effect must be Allow or Deny',
          line: 6,
          column: 17,
        },
      ],
    });
    expect(
      await errorsOf(
        {
          ...picked,
          content: pretty.replace('StringNotEquals', 'StringEqualsFoo'),
        },
        { whatIfPolicy },
      ),
    ).toEqual([
      'Unsupported condition operator StringEqualsFoo',
      'Line 6, column 17: Statement 1: Effect must be Allow or Deny',
    ]);
  });
});
