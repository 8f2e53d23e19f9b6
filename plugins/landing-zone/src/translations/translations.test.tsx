import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  evidenceMessages,
  type GuardrailEvidence,
  guardrailCatalogue,
} from '@internal/plugin-landing-zone-common';
import { screen } from '@testing-library/react';
import { StatusBadge } from '../components/common';
import { useEvidenceText } from '../evidenceTexts';
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

  it("says issue 13's evidence in Japanese, its parts (tier, traffic, group, instance, store, key) too", async () => {
    const evidence: GuardrailEvidence[] = [
      {
        code: 'nacl.isolatedOpen',
        params: {
          networkAclId: 'acl-0iso',
          source: '0.0.0.0/0',
          ruleNumber: 100,
          'traffic.code': 'nacl.traffic.ports',
          'traffic.protocol': 'tcp',
          'traffic.from': 22,
          'traffic.to': 22,
        },
        message: 'in English',
      },
      {
        code: 'nacl.default',
        params: {
          'tier.code': 'tier.isolated',
          subnets: 'subnet-1, subnet-2',
          networkAclId: 'acl-0def',
        },
        message: 'in English',
      },
      {
        code: 'sg.open.ports',
        params: {
          'group.code': 'sg.group.named',
          'group.groupId': 'sg-0abc',
          'group.groupName': 'bastion',
          port: 22,
          source: '0.0.0.0/0',
          protocol: 'tcp',
          from: 0,
          to: 65535,
        },
        message: 'in English',
      },
      {
        code: 'instances.oldInGroup',
        params: {
          'instance.code': 'instance.named',
          'instance.instanceId': 'i-0old',
          'instance.name': 'batch-worker',
          launchTime: '2026-10-01T00:00:00Z',
          age: 63,
          days: 30,
          group: 'batch-asg',
        },
        message: 'in English',
      },
      {
        code: 'bucket.notKms',
        params: {
          'store.code': 'store.bucket',
          'store.id': 'lake-raw',
          algorithm: 'AES256',
        },
        message: 'in English',
      },
      {
        code: 'notCollected',
        params: { 'what.code': 'macie.what' },
        message: 'in English',
      },
    ];
    function Said() {
      const say = useEvidenceText();
      return (
        <ul>
          {evidence.map((e, i) => (
            <li key={i}>{say(e)}</li>
          ))}
        </ul>
      );
    }
    await renderInTestApp(<Said />, {
      apis: [
        mockApis.appLanguage({
          defaultLanguage: 'ja',
          availableLanguages: ['en', 'ja'],
        }),
      ],
    });
    // The Japanese loads after the first render.
    await screen.findByText(/^Macie の状態/);
    const items = screen.getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      '分離サブネットのネットワーク ACL acl-0iso が、0.0.0.0/0 からのインバウンドのポート 22-22 へのプロトコル tcp のトラフィックを許可しています (ルール 100)',
      '分離サブネット subnet-1, subnet-2 はデフォルトのネットワーク ACL acl-0def を使用しています',
      'セキュリティグループ sg-0abc (bastion) がポート 22 を 0.0.0.0/0 に開放しています: tcp のポート 0-65535 を許可しています',
      'インスタンス i-0old (batch-worker) は 2026-10-01T00:00:00Z に起動され、63 日が経過しています (上限は 30 日)。所属する Auto Scaling グループ batch-asg はインスタンスを入れ替えていません',
      'S3 バケット lake-raw は新しいオブジェクトを AES256 で暗号化します。カスタマーマネージドキーによる SSE-KMS ではありません',
      'Macie の状態は収集されていません (ポータルが読み取る前のファクトです)',
    ]);
  });
});
