import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { AccountStateBadge, accountStates, isJudged } from './AccountState';

async function renderStates(language: 'en' | 'ja') {
  await renderInTestApp(
    <ul>
      {[...accountStates, 'ON_HOLD'].map(state => (
        <li key={state} data-testid={state}>
          <AccountStateBadge state={state} />
        </li>
      ))}
    </ul>,
    {
      apis: [
        mockApis.appLanguage({
          defaultLanguage: language,
          availableLanguages: ['en', 'ja'],
        }),
      ],
    },
  );
}

/** Each state's word, and its colour and icon (the badge's class and svg). */
function badgeOf(state: string) {
  const badge = screen.getByTestId(state).firstElementChild!;
  return {
    word: badge.textContent,
    tone: badge.className.replace('status', '').trim(),
    icon: badge.querySelector('svg') !== null,
  };
}

describe('AccountStateBadge', () => {
  it('shows every state Organizations returns as word, icon and colour', async () => {
    await renderStates('en');
    expect(await screen.findByText('Active')).toBeInTheDocument();
    expect(
      Object.fromEntries(
        [...accountStates, 'ON_HOLD'].map(s => [s, badgeOf(s)]),
      ),
    ).toEqual({
      ACTIVE: { word: 'Active', tone: 'pass', icon: true },
      SUSPENDED: { word: 'Suspended', tone: 'warning', icon: true },
      PENDING_ACTIVATION: {
        word: 'Pending activation',
        tone: 'info',
        icon: true,
      },
      PENDING_CLOSURE: { word: 'Pending closure', tone: 'warning', icon: true },
      CLOSED: { word: 'Closed', tone: 'muted', icon: true },
      // A state AWS adds later, as AWS spells it.
      ON_HOLD: { word: 'ON_HOLD', tone: 'muted', icon: true },
    });
  });

  it("uses the words of AWS's Japanese console", async () => {
    await renderStates('ja');
    expect(await screen.findByText('アクティブ')).toBeInTheDocument();
    expect([...accountStates, 'ON_HOLD'].map(s => badgeOf(s).word)).toEqual([
      'アクティブ',
      '停止中',
      '有効化保留中',
      '閉鎖保留中',
      '閉鎖済み',
      'ON_HOLD',
    ]);
  });

  it('judges active accounts only', () => {
    expect(
      [...accountStates, 'ON_HOLD'].filter(state => isJudged(state)),
    ).toEqual(['ACTIVE']);
  });
});
