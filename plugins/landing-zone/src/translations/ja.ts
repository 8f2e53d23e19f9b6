import { createTranslationMessages } from '@backstage/frontend-plugin-api';
import { landingZoneTranslationRef } from '../translation';

// The terms are those of AWS's Japanese console (../shared/UI.md, "Japanese").
// `full: true` makes a message added in English without its Japanese fail the
// type check.
const ja = createTranslationMessages({
  ref: landingZoneTranslationRef,
  full: true,
  messages: {
    'tabs.guardrails': 'ガードレール',
    'tabs.network': 'ネットワーク',
    'compliance.compliant': '準拠',
    'compliance.non-compliant': '非準拠',
    'compliance.unknown': '不明',
    'status.pass': '合格',
    'status.fail': '不合格',
    'status.unknown': '不明',
    'severity.critical': '重大',
    'severity.high': '高',
    'severity.medium': '中',
    'severity.low': '低',
    'category.preventive': '予防',
    'category.detective': '検出',
    'category.network': 'ネットワーク',
    'states.retry': '再試行',
    'states.errorTitle': 'ランディングゾーンのデータを読み込めませんでした',
    'states.deniedTitle': '権限がありません',
    'states.deniedBody':
      'このアカウントを表示する権限がありません。所有チームまたはプラットフォームチームにアクセスを依頼してください。',
    'states.notAnnotated':
      'このエンティティには amazonaws.com/account-id アノテーションがないため、どの AWS アカウントか判別できません。',
    'states.accountNotFoundTitle': 'まだランディングゾーンにありません',
    'states.accountNotFound':
      'AWS アカウント {{accountId}} はまだどのスキャンでも検出されていません。このアカウントに到達する次のスキャンの後に表示されます。',
    'states.vpcNotFoundTitle': 'VPC が見つかりません',
    'states.vpcNotFound':
      '前回のスキャンではアカウント {{accountId}} の VPC {{vpcId}} が見つかりませんでした。削除されたか、アカウントを読み取れなかった可能性があります。',
    'account.summaryTitle': 'AWS アカウント',
    'account.complianceLine':
      'ガードレール: 非準拠 {{failing}} 件、不明 {{unknown}} 件、準拠 {{passing}} 件',
    'account.id': 'アカウント ID',
    'account.ouPath': '組織単位 (OU)',
    'account.environment': '環境',
    'account.email': 'ルートメールアドレス',
    'account.status': 'アカウントのステータス',
    'account.owner': '所有者',
    'account.lastCollected': '最終収集',
    'account.never': 'なし',
    'account.stale': '未更新',
    'account.staleReason':
      '前回のスキャンでこのアカウントの一部を読み取れなかったため、一部の判定は古いデータに基づいています: {{reason}}',
    'account.guardrailsTitle': 'ガードレール',
    'account.guardrailsEmpty':
      'このアカウントのガードレールはまだ評価されていません。最初の完全なスキャンの後に判定が表示されます。',
    'account.vpcsTitle': 'VPC',
    'account.vpcsEmpty':
      'スキャン対象のリージョンにこのアカウントの VPC はありません。',
    'account.tagsTitle': 'タグ',
    'account.tagsEmpty': 'このアカウントにはタグがありません。',
    'account.copyId': 'アカウント ID をコピー',
    'account.copied': 'コピーしました',
    'guardrailTable.status': 'ステータス',
    'guardrailTable.guardrail': 'ガードレール',
    'guardrailTable.severity': '重要度',
    'guardrailTable.evidence': '根拠',
    'guardrailTable.remediation': '対処方法',
    'guardrailTable.controls': 'コントロール',
    'guardrailTable.noControls': '公開されたコントロールはありません',
    'guardrailTable.evaluated': '評価',
    'guardrailTable.noEvidence': '根拠は記録されていません。',
    'guardrailTable.policy': 'ポリシー {{name}} ({{id}})',
    'guardrailTable.statement': 'ステートメント {{sid}}',
    'vpc.title': 'ネットワーク',
    'vpc.vpcId': 'VPC ID',
    'vpc.region': 'リージョン',
    'vpc.cidrs': 'CIDR ブロック',
    'vpc.tiers': 'サブネット階層',
    'vpc.tierPublic': 'パブリック',
    'vpc.tierPrivate': 'プライベート',
    'vpc.tierIsolated': '分離',
    'vpc.subnets_one': 'サブネット {{count}} 個',
    'vpc.subnets_other': 'サブネット {{count}} 個',
    'vpc.flowLogs': 'フローログ',
    'vpc.flowLogsOn': '有効',
    'vpc.flowLogsOff':
      '無効: この VPC のトラフィックを記録するフローログがありません',
    'vpc.defaultVpc': 'デフォルト VPC',
    'vpc.linksTitle': 'ピアリングと Transit Gateway の接続',
    'vpc.linksEmpty':
      'この VPC にはピアリング接続も Transit Gateway アタッチメントもありません。AWS ネットワーク経由で他から到達できません。',
    'vpc.linkPeering': 'ピアリング {{id}} ({{status}})',
    'vpc.linkTransitGateway':
      'Transit Gateway アタッチメント {{id}} ({{status}})',
    'vpc.thisVpc': 'この VPC',
    'vpc.otherAccount': 'アカウント {{accountId}}',
    'vpc.unknownVpc': 'ランディングゾーン外',
    'vpc.graphLabel': 'この VPC と他の VPC・Transit Gateway との接続',
    'vpcTable.vpc': 'VPC',
    'vpcTable.region': 'リージョン',
    'vpcTable.cidrs': 'CIDR',
    'vpcTable.tiers': '階層 (パブリック / プライベート / 分離)',
    'vpcTable.flowLogs': 'フローログ',
    'vpcTable.links': '接続',
    'group.title': 'チームの AWS アカウント',
    'group.empty':
      'このチームが所有する AWS アカウントはありません。アカウントは owner タグで所有者を示します。',
    'group.account': 'アカウント',
    'group.compliance': 'コンプライアンス',
    'group.failing_one': '非準拠のガードレール {{count}} 件',
    'group.failing_other': '非準拠のガードレール {{count}} 件',
  },
});

export default ja;
