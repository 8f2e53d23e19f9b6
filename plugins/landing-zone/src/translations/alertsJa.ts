// The Alerts page and tab in Japanese (landingZoneAlertsTranslationRef), with
// the terms of AWS's Japanese console. Flat keys, like ./ja.ts.
const alertsJa = {
  'page.title': 'アラート',
  'page.intro':
    'スキャンで変化したことを新しい順に表示します。各アラートは、アカウントを所有するチームに通知として送られた内容です。',
  'tab.title': 'アラート',
  'tab.intro':
    'このアカウントのアラートを新しい順に表示します。所有チームに通知として送られた内容です。',
  'kinds.regression': '悪化',
  'kinds.recovery': '回復',
  'kinds.stale': '読み取り不可',
  'kinds.new-account': '既知の組織単位 (OU) 外の新しいアカウント',
  'kinds.root-activity': 'ルートユーザーのアクティビティ',
  'filter.label': '種類',
  'filter.all': 'すべての種類',
  'columns.when': '日時',
  'columns.what': '内容',
  'columns.account': 'アカウント',
  'columns.details': '詳細',
  'columns.sentTo': '送信先',
  'details.regression': '合格 → 不合格',
  'details.recovery': '再び合格',
  'details.staleReason': 'スキャンで読み取れませんでした: {{reason}}',
  'details.staleNoReason': 'スキャンで読み取れませんでした',
  'details.newAccount':
    '{{ouPath}} で初めて検出されました (既知の組織単位 (OU) の外)',
  'details.showEvidence': '根拠は「ガードレール」タブにあります',
  'events.label': 'ルートユーザーのイベント',
  'events.time': '日時',
  'events.name': 'イベント',
  'events.region': 'リージョン',
  'events.sourceIp': '送信元 IP',
  'events.global': 'グローバル',
  'delivery.sent': '送信済み',
  'delivery.waiting':
    '未送信: 通知を控える時間帯の終了 (または次の再試行) を待っています',
  'delivery.nobody': '送信先がありません',
  'scan.title': 'スキャン {{scanId}} のアラート',
  'scan.all': 'すべてのアラート',
  'scan.link': 'このスキャンのアラート',
  count_one: 'アラート {{count}} 件',
  count_other: 'アラート {{count}} 件',
  'empty.title': 'アラートはまだありません',
  'empty.body':
    'スキャンのたびに、このページにはスキャンで変化したことが表示されます: 合格から不合格になったガードレール (悪化) とその回復、読み取れなくなったアカウント、既知の組織単位 (OU) 外の新しいアカウント、ルートユーザーのアクティビティ。各アラートは所有チーム (重大なものはセキュリティチームにも) に通知として送られます。',
  'empty.kindTitle': 'この種類のアラートはありません',
  'empty.kindBody':
    '「すべての種類」を選ぶと、すべてのアラートが表示されます。',
  'empty.scanTitle': 'このスキャンで通知することはありません',
  'empty.scanBody':
    'このスキャンでは、表示できるアカウントに変化はありませんでした。',
  'empty.accountTitle': 'このアカウントのアラートはまだありません',
  'empty.accountBody':
    'スキャンでこのアカウントのガードレールが合格から不合格に (またはその逆に) 変わったとき、アカウントを読み取れなくなったとき、ルートユーザーのアクティビティが見つかったときに、ここにアラートが表示されます。',
};

export default alertsJa;
