import type { EvidenceCode } from '@internal/plugin-landing-zone-common';

/*
 * The checks' evidence in Japanese, by code (the English is -common's
 * evidenceMessages, which landingZoneEvidenceTranslationRef loads). Every
 * placeholder of the English is here too: values are data (ids, regions,
 * CIDRs, AWS's values and error messages) or texts said by their own code.
 * Terms of AWS's Japanese console: トランジットゲートウェイ, ルートテーブル,
 * 伝播, VPC ピアリング接続, 宣言型ポリシー, ルートユーザー, ネットワーク ACL,
 * セキュリティグループ, ウェブ ACL, 保存時の暗号化, 転送中の暗号化,
 * カスタマーマネージドキー, 信頼ポリシー. Instances are counted in 台.
 */
export const evidenceJa: Record<EvidenceCode, string> = {
  error: '{{errorCode}}: {{errorMessage}}',
  'error.operation': '{{operation}}: {{errorCode}}: {{errorMessage}}',
  'account.unreadable': 'アカウントを読み取れませんでした: {{error}}',
  'region.notScanned': 'このリージョンはスキャンされていません',
  'regions.none': '許可されたリージョンが設定されていません',
  'global.notCollected': 'アカウント全体のファクトが収集されていません',
  notCollected:
    '{{what}}は収集されていません (ポータルが読み取る前のファクトです)',
  fact: 'このファクト',
  'check.failed': 'チェックが失敗しました: {{reason}}',
  'policy.error': '{{reason}}',
  value: '{{value}}',
  'list.and': '{{head}}、{{last}}',
  'list.or': '{{head}} または {{last}}',
  'list.comma': '{{head}}、{{last}}',

  'scp.sample': '{{action}}',
  'scp.sample.on': '{{resource}} への {{action}}',
  'scp.notDenied':
    '{{sample}} は、どのサービスコントロールポリシー (SCP) でも拒否されません',
  'scp.implicitDeny':
    '{{sample}} は暗黙的に拒否されます: {{target}} にアタッチされたどの SCP も許可していません',
  'scp.deniedBy': '{{sample}} は {{target}} の {{policy}} で拒否されます',
  'scp.managementAccount': 'SCP は管理アカウントには適用されません',
  'scp.none': '組織の SCP が収集されていません',
  'scp.region.notDenied':
    '許可されていない {{region}} での ec2:RunInstances が、どの SCP でも拒否されません',
  'scp.region.allowed': '{{region}} での ec2:RunInstances は許可されています',
  'scp.region.blocked':
    '許可されたリージョンがブロックされています: {{finding}}',

  'rcp.request.outside':
    '組織外のプリンシパル (アカウント {{outsideAccount}}) による {{resource}} への {{action}}',
  'rcp.request.withoutTls':
    '組織のプリンシパルによる TLS を使わない {{resource}} への {{action}}',
  'rcp.request.overTls':
    '組織のプリンシパルによる TLS を使った {{resource}} への {{action}}',
  'rcp.notDenied':
    '{{request}} は、どのリソースコントロールポリシー (RCP) でも拒否されません',
  'rcp.implicitDeny':
    '{{request}} は暗黙的に拒否されます: {{target}} にアタッチされたどの RCP も許可していません',
  'rcp.deniedBy': '{{request}} は {{target}} の RCP {{policy}} で拒否されます',
  'rcp.broken': 'RCP が壊れています: {{finding}}',
  'rcp.managementAccount': 'RCP は管理アカウントには適用されません',
  'rcp.unreadable': 'RCP を読み取れませんでした: {{error}}',
  'rcp.list': '組織の RCP の一覧',
  'rcp.typeDisabled':
    'ルートで RCP のポリシータイプが有効になっていません (有効: {{enabled}}): 効力のある RCP はありません',
  'rcp.typeDisabled.none':
    'ルートで RCP のポリシータイプが有効になっていません (有効: なし): 効力のある RCP はありません',

  'ec2.setting.vpcBlockPublicAccess': 'VPC のパブリックアクセスをブロック',
  'ec2.setting.snapshotBlockPublicAccess':
    'EBS スナップショットのパブリックアクセスをブロック',
  'ec2.setting.imageBlockPublicAccess': 'AMI のパブリックアクセスをブロック',
  'ec2.setting.instanceMetadataDefaults':
    'インスタンスメタデータのデフォルトの http-tokens',
  'ec2.setting.pass': '{{region}} の「{{setting}}」は {{value}} です ({{how}})',
  'ec2.setting.fail':
    '{{region}} の「{{setting}}」は {{value}} です。{{accepted}} である必要があります ({{how}})',
  'ec2.setting.unset':
    '{{region}} の「{{setting}}」は設定されていません。{{accepted}} である必要があります ({{how}})',
  'ec2.how.declarativePolicy': 'EC2 の宣言型ポリシーで強制されています',
  'ec2.how.accountDespitePolicy':
    'アカウントで手動で設定されています。有効な宣言型ポリシーは {{attribute}} を指定しています',
  'ec2.how.account':
    'アカウントで手動で設定されており、宣言型ポリシーでは強制されていません',
  'ec2.how.policyNames':
    '有効な EC2 の宣言型ポリシーが {{attribute}} を指定しています',
  'ec2.how.policyNamesNot':
    'この設定を指定する EC2 の宣言型ポリシーはありません',
  'ec2.how.unknown': '宣言型ポリシーで強制されているかどうかは不明です',

  'trail.compliant':
    '証跡 {{name}} はマルチリージョンで、ログを記録し、ログファイルの検証が有効です',
  'trail.compliantOrganization':
    '組織の証跡 {{name}} はマルチリージョンで、ログを記録し、ログファイルの検証が有効です',
  'trail.problems': '証跡 {{name}}: {{problems}}',
  'trail.notMultiRegion': 'マルチリージョンではありません',
  'trail.noValidation': 'ログファイルの検証が無効です',
  'trail.notLogging': 'ログを記録していません',
  'trail.loggingUnknown': 'ログ記録の状態が不明です',
  'trail.none': 'アカウントに CloudTrail の証跡が見つかりません',
  'guardDuty.enabled': 'GuardDuty ディテクターは有効です',
  'guardDuty.none': 'GuardDuty ディテクターがありません',
  'guardDuty.status': 'GuardDuty ディテクターは {{status}} です',
  'config.recording':
    'Config レコーダーはサポートされているすべてのリソースタイプを記録しています',
  'config.none': 'AWS Config レコーダーがありません',
  'config.selected':
    'Config レコーダーは選択したリソースタイプだけを記録しています',
  'config.notRecording': 'Config レコーダーは記録していません',
  'accessAnalyzer.active': '{{type}} のアクセスアナライザーはアクティブです',
  'accessAnalyzer.none': 'IAM Access Analyzer のアナライザーがありません',
  'accessAnalyzer.inactive':
    'アクティブな外部アクセスアナライザーがありません (検出: {{analyzers}})',
  'ebs.enabled': 'EBS のデフォルト暗号化は有効です',
  'ebs.disabled': 'EBS のデフォルト暗号化は無効です',
  'securityHub.disabled': 'Security Hub が有効になっていません',
  'securityHub.fsbp': 'Security Hub で FSBP が実行されています',
  'securityHub.fsbpStatus': 'FSBP 標準は {{status}} です',
  'securityHub.fsbpMissing': 'FSBP 標準が有効になっていません',
  'iamUsers.none': 'アクティブなアクセスキーを持つ IAM ユーザーはいません',
  'iamUsers.keys':
    'IAM ユーザー {{userName}} にアクティブなアクセスキー {{accessKeyIds}} があります',
  's3.none': 'アカウントに S3 のパブリックアクセスブロックの設定がありません',
  's3.allOn': 'S3 のパブリックアクセスブロックの 4 つの設定はすべてオンです',
  's3.off': 'S3 のパブリックアクセスブロックの {{setting}} がオフです',
  'flowLogs.active': 'フローログ {{flowLogId}} はアクティブです',
  'flowLogs.none': 'VPC にアクティブなフローログがありません',

  'root.credential.password': 'パスワード',
  'root.credential.accessKeys': 'アクセスキー',
  'root.credential.signingCertificates': '署名証明書',
  'root.credential.mfa': 'MFA デバイス',
  'root.unreported.password': 'パスワード',
  'root.noCredentials':
    'ルートユーザーには認証情報 (パスワード、アクセスキー、署名証明書、MFA デバイス) がありません: 組織がルートアクセスを一元管理しています',
  'root.mfa.enabled': 'ルートユーザーの MFA は有効です',
  'root.mfa.none': 'ルートユーザーに MFA デバイスがありません',
  'root.accessKeys.present': 'ルートユーザーにアクセスキーがあります',
  'root.accessKeys.none': 'ルートユーザーにアクセスキーはありません',
  'root.hardwareMfa.notRequired':
    '不要: このアカウントは {{environment}} です。ルートユーザーのハードウェア MFA は prod アカウントで必要です',
  'root.hardwareMfa.virtual':
    'ルートユーザーの MFA は仮想デバイス {{serialNumber}} で、ハードウェアデバイスではありません',
  'root.hardwareMfa.hardware':
    'ルートユーザーの MFA は有効で、ルートユーザーに仮想デバイスは割り当てられていません: ハードウェアデバイスです',
  'root.virtualMfa': 'ルートユーザーの仮想 MFA デバイス',
  'root.access.features': '組織のルートアクセスの機能',
  'root.access.unreadable':
    '組織のルートアクセスの機能を読み取れませんでした: {{error}}',
  'root.access.off':
    'ルートアクセスの一元管理がオフです: 組織で IAM の RootCredentialsManagement が有効になっていません',
  'root.access.management':
    '管理アカウントはルートユーザーを保持します: ルートアクセスの一元管理の対象はメンバーアカウントだけです',
  'root.credentials.remaining':
    'ルートユーザーにはまだ {{credentials}} があります',
  'root.credentials.unreported':
    'ルートユーザーに {{credentials}} があるかどうかを IAM は報告しませんでした',
  'root.credentials.none':
    'ルートアクセスは一元管理されており、ルートユーザーにはパスワード、アクセスキー、署名証明書、MFA デバイスのいずれもありません',
  'rootActivity.what': 'ルートユーザーのアクティビティ',
  'rootActivity.event':
    '{{eventTime}} に {{region}} でルートユーザーが {{eventName}} を呼び出しました',
  'rootActivity.event.from':
    '{{eventTime}} に {{region}} でルートユーザーが {{sourceIpAddress}} から {{eventName}} を呼び出しました',
  'rootActivity.event.source':
    '{{eventTime}} に {{region}} でルートユーザーが {{eventName}} ({{eventSource}}) を呼び出しました',
  'rootActivity.event.sourceFrom':
    '{{eventTime}} に {{region}} でルートユーザーが {{sourceIpAddress}} から {{eventName}} ({{eventSource}}) を呼び出しました',
  'rootActivity.truncated':
    '{{region}} には、読み取ったより多くのルートユーザーのイベントが記録されています',
  'rootActivity.more': '…ほかにルートユーザーのイベントが {{more}} 件あります',
  'rootActivity.none':
    '過去 {{days}} 日間、{{regions}} にルートユーザーのイベントはありません',

  'vpc.none': 'VPC はありません',
  'vpc.tiers.complete':
    'VPC にパブリック、プライベート、分離のサブネットがあります',
  'vpc.tiers.completeDefault':
    'デフォルト VPC にパブリック、プライベート、分離のサブネットがあります',
  'vpc.tiers.missing': 'VPC に {{tiers}} のサブネットがありません',
  'vpc.tiers.missingDefault':
    'デフォルト VPC に {{tiers}} のサブネットがありません',
  'tier.public': 'パブリック',
  'tier.private': 'プライベート',
  'tier.isolated': '分離',
  'network.none':
    'このアカウントには、ピアリングまたはトランジットゲートウェイで接続された VPC はありません',
  'network.checked.isolation':
    'VPC の接続 {{connections}} 件を確認しました: 本番と非本番をつなぐものはありません',
  'network.checked.overlaps':
    'VPC の接続 {{connections}} 件を確認しました: 重複する CIDR はありません',
  'network.via.peering': 'VPC ピアリング接続 {{via}}',
  'network.via.transitGateway': 'トランジットゲートウェイ {{via}}',
  'network.other': '{{vpcId}}',
  'network.other.account': '{{vpcId}} (アカウント {{accountId}})',
  'network.unread':
    '{{own}} と {{other}} が {{link}} で接続されているかどうかは判断できません: {{unread}}',
  'network.gatewayUnread':
    '{{own}} が {{link}} を通じてどの VPC に到達するかは判断できません: {{unread}}',
  'network.omitted.isolation':
    '…ほかに、もう一方の環境の VPC {{more}} 件が {{link}} で接続されています',
  'network.omitted.isolationUnread':
    '…ほかに、もう一方の環境の VPC {{more}} 件が {{link}} で接続されている可能性があります ({{unread}})',
  'network.omitted.overlaps':
    '…ほかに、CIDR が重複する VPC {{more}} 件が {{link}} で接続されています',
  'network.omitted.overlapsUnread':
    '…ほかに、CIDR が重複する VPC {{more}} 件が {{link}} で接続されている可能性があります ({{unread}})',
  'network.isolation.idle':
    '{{environment}} の VPC {{own}} は {{otherEnvironment}} の VPC {{other}} と {{via}} でピアリングされていますが、どちら側のルートもこのピアリングを使っていません',
  'network.isolation.notInInventory':
    '{{link}} で接続された {{other}} はインベントリにありません',
  'network.isolation.notInInventoryDirected':
    '{{link}} で接続された {{other}} ({{direction}}) はインベントリにありません',
  'network.isolation.linked':
    '{{environment}} の VPC {{own}} は {{otherEnvironment}} の VPC {{other}} と {{link}} で接続されています',
  'network.isolation.linkedDirected':
    '{{environment}} の VPC {{own}} は {{otherEnvironment}} の VPC {{other}} と {{link}} で接続されています ({{direction}})',
  'network.overlap.unknownCidrs':
    '{{link}} で接続された {{other}} の CIDR は不明です',
  'network.overlap.idle':
    '{{own}} の {{ownCidr}} は {{other}} の {{otherCidr}} と重複しています。{{via}} でピアリングされていますが、どちら側のルートもこのピアリングを使っていません',
  'network.overlap.linked':
    '{{own}} の {{ownCidr}} は {{other}} の {{otherCidr}} と重複しており、{{link}} で接続されています',
  'network.overlap.linkedDirected':
    '{{own}} の {{ownCidr}} は {{other}} の {{otherCidr}} と重複しており、{{link}} で接続されています ({{direction}})',
  'direction.peering.both':
    '双方向: {{own}} は {{out}} を、{{other}} は {{back}} をこの接続にルーティングしています',
  'direction.peering.out':
    '{{own}} → {{other}}: {{own}} は {{out}} をこの接続にルーティングしています',
  'direction.peering.back':
    '{{other}} → {{own}}: {{other}} は {{back}} をこの接続にルーティングしています',
  'direction.gateway.both':
    '双方向: {{table}} には {{other}} への {{route}} があり、{{backTable}} は {{own}} へ戻るルートを持っています',
  'direction.gateway.out':
    '{{own}} → {{other}} のみ: {{table}} にはその VPC への {{route}} があります',
  'direction.gateway.back':
    '{{other}} → {{own}} のみ: {{backTable}} は {{own}} へのルートを持っています',
  'direction.gateway.unindexed':
    '{{own}} → {{other}}: {{table}} にはその VPC への {{route}} があります',
  'route.propagated': '伝播されたルート',
  'route.propagatedBlock': '伝播されたルート {{cidr}}',
  'route.static': '静的ルート {{destination}}',
  'unread.ownRoutes':
    '{{vpcId}} のルートテーブルは収集されていません (ポータルが読み取る前のファクトです)',
  'unread.otherRoutes': '{{vpcId}} のルートテーブルは読み取られていません',
  'unread.unindexed':
    '{{vpcId}} はインベントリにないため、{{route}} がその CIDR ブロックに届くかどうかは不明です',
  'unread.truncated': '{{tables}} の静的ルートは一部しか返されませんでした',
  'gateway.notRead':
    'トランジットゲートウェイ {{transitGatewayId}} のルートテーブルは読み取られていません: 所有者が組織外か、所有者のトランジットゲートウェイを一覧表示できませんでした',
  'gateway.unreadable':
    'トランジットゲートウェイ {{transitGatewayId}} を所有者 {{ownerId}} で読み取れませんでした: {{error}}',
  'gateway.noFacts':
    'トランジットゲートウェイ {{transitGatewayId}} には所有者 {{ownerId}} のファクトがありません',
  'gateway.tablesUnreadable':
    'トランジットゲートウェイ {{transitGatewayId}} のルートテーブルを所有者 {{ownerId}} で読み取れませんでした: {{error}}',
  // Network ACLs per subnet tier.
  'nacl.what': 'ネットワーク ACL',
  'nacl.tiers':
    'VPC の各サブネット階層に専用のネットワーク ACL があり、分離階層はインターネットからのトラフィックを受け付けていません',
  'nacl.default':
    '{{tier}}サブネット {{subnets}} はデフォルトのネットワーク ACL {{networkAclId}} を使用しています',
  'nacl.unassociated':
    '{{tier}}サブネット {{subnets}} のネットワーク ACL は不明です: 明示的な関連付けがなく、VPC のデフォルトのネットワーク ACL も一覧にありませんでした',
  'nacl.shared':
    'パブリックサブネットが{{tier}}サブネットとネットワーク ACL {{networkAclId}} を共用しています',
  'nacl.isolatedOpen':
    '分離サブネットのネットワーク ACL {{networkAclId}} が、{{source}} からのインバウンドの{{traffic}}を許可しています (ルール {{ruleNumber}})',
  'nacl.traffic.all': 'すべてのトラフィック',
  'nacl.traffic.protocol': 'プロトコル {{protocol}} のトラフィック',
  'nacl.traffic.ports':
    'ポート {{from}}-{{to}} へのプロトコル {{protocol}} のトラフィック',

  // Security groups and administration ports.
  'sg.what': 'セキュリティグループ',
  'sg.group': '{{groupId}}',
  'sg.group.named': '{{groupId}} ({{groupName}})',
  'sg.closed':
    '{{groups}} 個のセキュリティグループを確認しました: SSH (22) や RDP (3389) をインターネットに開放しているものはありません',
  'sg.open.all':
    'セキュリティグループ {{group}} がポート {{port}} を {{source}} に開放しています: すべてのトラフィックを許可しています',
  'sg.open.ports':
    'セキュリティグループ {{group}} がポート {{port}} を {{source}} に開放しています: {{protocol}} のポート {{from}}-{{to}} を許可しています',

  // WAF at every public entry.
  'waf.lb.what': 'ロードバランサー',
  'waf.cloudFront.what': 'CloudFront ディストリビューション',
  'waf.none':
    'インターネット向けの Application Load Balancer も CloudFront ディストリビューションもありません: 保護すべき公開エンドポイントはありません',
  'waf.lb.protected':
    'インターネット向け Application Load Balancer {{name}} はウェブ ACL {{webAcl}} で保護されています',
  'waf.lb.unprotected':
    'インターネット向け Application Load Balancer {{name}} に WAF のウェブ ACL が関連付けられていません',
  'waf.lb.notRead':
    'インターネット向け Application Load Balancer {{name}} のウェブ ACL は読み取られていません',
  'waf.lb.unreadable':
    'インターネット向け Application Load Balancer {{name}} のウェブ ACL を読み取れませんでした: {{error}}',
  'waf.cloudFront.protected':
    'CloudFront ディストリビューション {{id}} ({{domainName}}) はウェブ ACL {{webAclId}} で保護されています',
  'waf.cloudFront.unprotected':
    'CloudFront ディストリビューション {{id}} ({{domainName}}) に WAF のウェブ ACL が関連付けられていません',

  // Data stores encrypted.
  'store.rdsInstance': 'DB インスタンス {{id}}',
  'store.rdsCluster': 'DB クラスター {{id}}',
  'store.elastiCache': 'ElastiCache レプリケーショングループ {{id}}',
  'store.bucket': 'S3 バケット {{id}}',
  'kms.customer': 'カスタマーマネージド KMS キー {{keyId}}',
  'kms.aws': 'AWS マネージド KMS キー {{keyId}}',
  'kms.other': 'KMS キー {{keyId}} (管理: {{keyManager}})',
  'kms.s3Default': 'AWS マネージドキー aws/s3',
  'store.encrypted': '{{store}} は保存時に暗号化されています',
  'store.encryptedWith': '{{store}} は {{key}} で保存時に暗号化されています',
  'store.notEncrypted': '{{store}} は保存時に暗号化されていません',
  'store.notCustomerKey':
    '{{store}} はカスタマーマネージドキーではなく {{key}} で暗号化されています',
  'store.keyNotRead':
    '{{store}} の KMS キーがカスタマーマネージドキーかどうかは不明です: キーが読み取られていません',
  'store.notInTransit': '{{store}} は転送中に暗号化されていません',
  'store.encryptedInTransit':
    '{{store}} は保存時と転送中の両方で暗号化されています',
  'rds.what': 'RDS データベース',
  'rds.none': 'RDS の DB インスタンスも DB クラスターもありません',
  'elastiCache.what': 'ElastiCache レプリケーショングループ',
  'elastiCache.none': 'ElastiCache レプリケーショングループはありません',
  'buckets.what': 'S3 バケット',
  'buckets.none': 'このアカウントには S3 バケットがありません',
  'bucket.noDefault': '{{store}} にデフォルト暗号化が設定されていません',
  'bucket.encrypted':
    '{{store}} は新しいオブジェクトを {{algorithm}} で暗号化します',
  'bucket.notKms':
    '{{store}} は新しいオブジェクトを {{algorithm}} で暗号化します。カスタマーマネージドキーによる SSE-KMS ではありません',
  'bucket.unreadable':
    '{{store}} のデフォルト暗号化を読み取れませんでした: {{error}}',

  // Instances rotated.
  'instances.what': 'EC2 インスタンス',
  'instances.none': '実行中の EC2 インスタンスはありません',
  'instances.young':
    '実行中のインスタンス {{count}} 台: 入れ替えを行う Auto Scaling グループ外で {{days}} 日より古いものはありません',
  'instance.id': '{{instanceId}}',
  'instance.named': '{{instanceId}} ({{name}})',
  'instances.old':
    'インスタンス {{instance}} は {{launchTime}} に起動され、{{age}} 日が経過しています (上限は {{days}} 日)',
  'instances.oldInGroup':
    'インスタンス {{instance}} は {{launchTime}} に起動され、{{age}} 日が経過しています (上限は {{days}} 日)。所属する Auto Scaling グループ {{group}} はインスタンスを入れ替えていません',
  'instances.groupUnread':
    'インスタンス {{instance}} は {{launchTime}} に起動され、{{age}} 日が経過しています。所属する Auto Scaling グループ {{group}} がインスタンスを入れ替えているかどうかは不明です: {{reason}}',
  'instances.more':
    'ほかに {{days}} 日より古いインスタンスが {{more}} 台あります (合計 {{total}} 台)',
  'asg.what': 'Auto Scaling グループ',

  // Macie.
  'macie.what': 'Macie の状態',
  'macie.enabled': 'Macie は有効です',
  'macie.status': 'Macie は {{status}} です',

  // One identity source.
  'iamUsers.what': 'IAM ユーザーの一覧',
  'iamUsers.noUsers': 'このアカウントに IAM ユーザーは存在しません',
  'iamUsers.user': 'IAM ユーザー {{userName}} が存在します',
  'iamUsers.userPassword':
    'IAM ユーザー {{userName}} が存在します。パスワードの最終使用日時は {{passwordLastUsed}} です',
  'iamUsers.more':
    'ほかに IAM ユーザーが {{more}} 人います (合計 {{total}} 人)',
  'roles.what': 'IAM ロールの一覧',
  'roles.none':
    'このアカウントには、サービスにリンクされたロール以外の IAM ロールはありません',
  'roles.trusted':
    '{{roles}} 個のロールを確認しました: いずれも組織、AWS のサービス、ID プロバイダー、または指定されたパートナーのみを信頼しています',
  'role.outside':
    'ロール {{roleName}} が、組織外のアカウント {{accountId}} の {{principal}} を aws:PrincipalOrgID 条件なしで信頼しています',
  'role.everyone':
    'ロール {{roleName}} が、組織を指定する aws:PrincipalOrgID 条件なしで任意の AWS プリンシパル ({{principal}}) を信頼しています',
  'role.notPrincipal':
    'ロール {{roleName}} が、組織を指定する aws:PrincipalOrgID 条件なしで {{principal}} 以外のすべてのプリンシパルを信頼しています (NotPrincipal)',
  'role.accountUnknown':
    'ロール {{roleName}} がアカウント {{accountId}} の {{principal}} を信頼しています。組織のアカウントが一覧表示されていないため、このアカウントが組織内かどうかは不明です',
  'role.principalUnjudged':
    'ロール {{roleName}} が {{principal}} を信頼していますが、このチェックでは判定できません',
  'role.unreadable':
    'ロール {{roleName}} の信頼ポリシーを読み取れませんでした: {{reason}}',
};

export default evidenceJa;
