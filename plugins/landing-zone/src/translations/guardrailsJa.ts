/*
 * Japanese texts of the built-in guardrail catalogue (plugins/landing-zone-common/src/guardrails.ts),
 * keyed by guardrail id. The catalogue's English stays the one source in the common package (the
 * backend uses it too), so the page looks these up by id when the language is Japanese.
 */

// The English appends the same note to every SCP guardrail's description.
const scpManagementNote =
  'SCP は管理アカウントには適用されないため、管理アカウントではこのガードレールは「不明」と報告される。';
// And the same for RCPs, and one list of the services RCPs cover.
const rcpManagementNote =
  'RCP は管理アカウントには適用されないため、管理アカウントではこのガードレールは「不明」と報告される。';
const rcpServices =
  'Amazon S3、AWS KMS、AWS STS、Amazon SQS、AWS Secrets Manager';
// The EC2 account settings say who holds them, as the English does.
const declarativeNote =
  '根拠には、EC2 の宣言型ポリシーがこの設定を強制しているのか、アカウントで手動で設定されているのかが示される。';

export const guardrailsJa: Record<
  string,
  { title: string; description: string; remediation: string }
> = {
  'scp-deny-leave-organization': {
    title: 'アカウントは組織から離脱できない',
    description: `アカウントのパス上のサービスコントロールポリシー (SCP) が organizations:LeaveOrganization を拒否しているため、アカウントは組織のガードレールと請求の管理下にとどまる。${scpManagementNote}`,
    remediation:
      'organizations:LeaveOrganization を拒否する SCP をルートにアタッチする。',
  },
  'scp-protect-cloudtrail': {
    title: 'CloudTrail を無効化できない',
    description: `アカウントのパス上の SCP が、ワークロードのプリンシパルに対して CloudTrail 証跡の停止、削除、再設定 (cloudtrail:StopLogging、DeleteTrail、UpdateTrail、PutEventSelectors) を拒否している。例外はあってもプラットフォーム自身のロールに限られる。${scpManagementNote}`,
    remediation:
      'cloudtrail:StopLogging、DeleteTrail、UpdateTrail、PutEventSelectors を拒否し、プラットフォームロールのみを例外とする (ArnNotLike aws:PrincipalArn) SCP をアタッチする。',
  },
  'scp-protect-guardduty': {
    title: 'GuardDuty を無効化できない',
    description: `アカウントのパス上の SCP が、GuardDuty ディテクターの削除または一時停止と、GuardDuty 管理者アカウントからの離脱を拒否している。${scpManagementNote}`,
    remediation:
      'guardduty:DeleteDetector、UpdateDetector、DisassociateFromMasterAccount、DisassociateFromAdministratorAccount を拒否する SCP をアタッチする。',
  },
  'scp-protect-config': {
    title: 'AWS Config を無効化できない',
    description: `アカウントのパス上の SCP が、AWS Config レコーダーとその配信チャネルの停止または削除を拒否している。${scpManagementNote}`,
    remediation:
      'config:StopConfigurationRecorder、DeleteConfigurationRecorder、DeleteDeliveryChannel を拒否する SCP をアタッチする。',
  },
  'scp-protect-security-hub': {
    title: 'Security Hub を無効化できない',
    description: `アカウントのパス上の SCP が、Security Hub とその標準の無効化、およびメンバー関係の解除を拒否している。${scpManagementNote}`,
    remediation:
      'securityhub:DisableSecurityHub、BatchDisableStandards、DeleteMembers、DisassociateFromAdministratorAccount、DisassociateFromMasterAccount を拒否する SCP をアタッチする。',
  },
  'scp-region-allow-list': {
    title: '許可されたリージョンのみ使用できる',
    description: `アカウントのパス上の SCP が、許可されたリージョン以外でのリージョン単位のアクションを拒否し、かつ許可されたすべてのリージョンではそれらを許可している (許可されたリージョンをブロックしてしまうリストも不備とみなす)。${scpManagementNote}`,
    remediation:
      '許可されたリージョンを過不足なく列挙したリージョン拒否 SCP (グローバルサービスを NotAction で除外し、StringNotEquals aws:RequestedRegion を条件とする Deny) をアタッチする。',
  },
  'scp-deny-root-user': {
    title: 'ルートユーザーは操作できない',
    description: `アカウントのパス上の SCP が、アカウントのルートユーザーによるアクションを拒否している (StringLike aws:PrincipalArn arn:aws:iam::*:root)。${scpManagementNote}`,
    remediation:
      'aws:PrincipalArn が arn:aws:iam::*:root に一致する場合に "*" を拒否する SCP をアタッチする。',
  },
  'rcp-resources-org-only': {
    title: '組織外のプリンシパルはリソースにアクセスできない',
    description: `アカウントのパス上のリソースコントロールポリシー (RCP) が、組織外のプリンシパル (aws:PrincipalOrgID) によるアカウントの ${rcpServices} のリソースへのアクセスを拒否している。ただし、アカウントのために動作する AWS のサービスは除く。組織外からのリクエストと組織内からのリクエストを、SCP と RCP を合わせて評価して判定する。${rcpManagementNote}`,
    remediation:
      'ルートでリソースコントロールポリシーを有効にし、aws:PrincipalOrgID が組織の ID ではなく、かつ aws:PrincipalIsAWSService が false の場合に s3:*、kms:*、sts:AssumeRole、sqs:*、secretsmanager:* を拒否する RCP をアタッチする。',
  },
  'rcp-secure-transport': {
    title: 'リソースは暗号化された接続のみを受け付ける',
    description: `アカウントのパス上の RCP が、アカウントの ${rcpServices} のリソースに対する TLS を使わないリクエスト (aws:SecureTransport が false) を拒否している。${rcpManagementNote}`,
    remediation:
      'aws:SecureTransport が false の場合 (BoolIfExists) に s3:*、kms:*、sts:*、sqs:*、secretsmanager:* を拒否する RCP をアタッチする。',
  },
  'ec2-vpc-block-public-access': {
    title: '「VPC のパブリックアクセスをブロック」が有効',
    description: `許可されたすべてのリージョンで、「VPC のパブリックアクセスをブロック」がインターネットゲートウェイのトラフィックをブロックしている (block-ingress または block-bidirectional)。${declarativeNote}`,
    remediation:
      'vpc_block_public_access の internet_gateway_block.mode を block_ingress (または block_bidirectional) とする EC2 の宣言型ポリシーをアタッチするか、許可されたすべてのリージョンで ec2 modify-vpc-block-public-access-options を実行する。',
  },
  'ec2-snapshot-block-public-access': {
    title: 'EBS スナップショットをパブリックに共有できない',
    description: `許可されたすべてのリージョンで、EBS の「スナップショットのパブリックアクセスをブロック」が有効になっている (block-all-sharing または block-new-sharing)。${declarativeNote}`,
    remediation:
      'snapshot_block_public_access の state を block_all_sharing とする EC2 の宣言型ポリシーをアタッチするか、許可されたすべてのリージョンで ec2 enable-snapshot-block-public-access --state block-all-sharing を実行する。',
  },
  'ec2-image-block-public-access': {
    title: 'AMI をパブリックに共有できない',
    description: `許可されたすべてのリージョンで、「AMI のパブリックアクセスをブロック」が有効になっている (block-new-sharing)。${declarativeNote}`,
    remediation:
      'image_block_public_access の state を block_new_sharing とする EC2 の宣言型ポリシーをアタッチするか、許可されたすべてのリージョンで ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing を実行する。',
  },
  'ec2-imdsv2-default': {
    title: '新しいインスタンスのデフォルトは IMDSv2',
    description: `許可されたすべてのリージョンで、アカウントの「インスタンスメタデータのデフォルト」が、独自の設定なしで起動されたインスタンスに IMDSv2 を必須としている (http_tokens が required)。${declarativeNote}`,
    remediation:
      'instance_metadata_defaults の http_tokens を required とする EC2 の宣言型ポリシーをアタッチするか、許可されたすべてのリージョンで ec2 modify-instance-metadata-defaults --http-tokens required を実行する。',
  },
  'cloudtrail-multi-region': {
    title: 'マルチリージョン証跡がログ記録中',
    description:
      '少なくとも 1 つの CloudTrail マルチリージョン証跡 (組織の証跡も含む) が、ログファイルの検証を有効にしてログを記録している。',
    remediation:
      '管理アカウントで --is-multi-region-trail と --enable-log-file-validation を指定して組織の証跡を作成し、ログ記録を開始する。',
  },
  'guardduty-enabled': {
    title: 'GuardDuty が有効',
    description:
      '許可されたすべてのリージョンで GuardDuty ディテクターが有効になっている。',
    remediation:
      '許可されたすべてのリージョンで、委任された管理者から組織の GuardDuty を有効化し、新しいアカウントの自動有効化を設定する。',
  },
  'config-recorder-enabled': {
    title: 'AWS Config が記録中',
    description:
      '許可されたすべてのリージョンで、AWS Config レコーダーがサポートされているすべてのリソースタイプを記録している。',
    remediation:
      '許可されたすべてのリージョンで、Config レコーダーを allSupported の記録設定でデプロイし、開始する。',
  },
  'access-analyzer-enabled': {
    title: 'IAM Access Analyzer がアクティブ',
    description:
      '許可されたすべてのリージョンに、アクティブな外部アクセスアナライザー (信頼ゾーンはアカウントまたは組織) が存在する。',
    remediation:
      '許可されたすべてのリージョンで、委任された管理者アカウントに組織のアナライザーを作成するか、アカウントのアナライザーを作成する。',
  },
  'ebs-default-encryption': {
    title: 'EBS のデフォルト暗号化',
    description:
      '許可されたすべてのリージョンで、新しい EBS ボリュームがデフォルトで暗号化される。',
    remediation:
      '許可されたすべてのリージョンで ec2 enable-ebs-encryption-by-default を実行する。',
  },
  'security-hub-fsbp': {
    title: 'Security Hub で FSBP を実行',
    description:
      '許可されたすべてのリージョンで Security Hub が有効になっており、AWS 基礎セキュリティのベストプラクティス (FSBP) 標準が準備完了になっている。',
    remediation:
      '許可されたすべてのリージョンで FSBP を有効にする中央設定を使い、委任された管理者から Security Hub を有効化する。',
  },
  'root-mfa': {
    title: 'ルートユーザーに MFA を設定済み',
    description:
      'アカウントのルートユーザーで多要素認証 (MFA) が有効になっている。',
    remediation:
      'ルートユーザーとしてサインインして MFA デバイスを割り当てるか、ルートアクセスの一元管理でルートユーザーの認証情報を削除する。',
  },
  'root-hardware-mfa': {
    title: '本番のルートユーザーにハードウェア MFA デバイスを設定済み',
    description:
      '本番アカウントでは、ルートユーザーの MFA が仮想 MFA デバイスではなくハードウェアデバイスである。ルートユーザーの認証情報がないアカウント (ルートアクセスの一元管理) はそのため合格とし、本番以外のアカウントは対象外として合格とする。',
    remediation:
      'ルートアクセスの一元管理でアカウントのルートユーザーの認証情報を削除する (推奨) か、ルートユーザーとしてサインインして仮想 MFA デバイスを削除し、ハードウェアデバイス (FIDO セキュリティキーまたはハードウェア TOTP トークン) を登録する。',
  },
  'no-root-access-keys': {
    title: 'ルートユーザーにアクセスキーがない',
    description: 'アカウントのルートユーザーにアクセスキーがない。',
    remediation:
      'ルートユーザーとしてサインインし、そのアクセスキーを削除する。',
  },
  'root-credentials-centralized': {
    title: 'メンバーアカウントにルートユーザーの認証情報がない',
    description:
      '組織がルートアクセスを一元管理しており (IAM の RootCredentialsManagement)、メンバーアカウントのルートユーザーにパスワード、アクセスキー、署名証明書、MFA デバイスのいずれも残っていない。管理アカウントはルートユーザーを保持するため、管理アカウントではこのガードレールは「不明」と報告される。',
    remediation:
      '管理アカウントでルートアクセスの一元管理を有効にし (iam enable-organizations-root-credentials-management と enable-organizations-root-sessions)、IAMDeleteRootUserCredentials タスクポリシーを使った sts:AssumeRoot でメンバーアカウントのルートユーザーの認証情報を削除する。',
  },
  'root-user-activity': {
    title: 'ルートユーザーが使用されていない',
    description:
      'アカウントのルートユーザーによるイベントが、設定された期間 (デフォルトは 90 日) 内に、許可されたどのリージョンでも CloudTrail に記録されていない。見つかったイベントが根拠となる。',
    remediation:
      '誰がなぜルートユーザーとしてサインインしたのかを確認し (イベントに送信元アドレスが示される)、ルートユーザーのパスワードを変更するかルートアクセスの一元管理でルートユーザーの認証情報を削除して、日常業務にはロールを使用する。',
  },
  'no-iam-user-access-keys': {
    title: 'IAM ユーザーのアクセスキーがない',
    description:
      'アクティブなアクセスキーを持つ IAM ユーザーが存在しない。人間のユーザーは IAM Identity Center 経由でサインインし、ワークロードはロールを使用する。',
    remediation:
      '各キーをロール (または Identity Center によるアクセス) に置き換えてから、キーを非アクティブ化して削除する。',
  },
  's3-account-public-access-block': {
    title: 'アカウントレベルの S3 ブロックパブリックアクセス',
    description:
      'アカウントで S3 ブロックパブリックアクセスの 4 つの設定がすべて有効になっている。',
    remediation:
      'アカウントに対して、4 つの設定をすべて true にして s3control put-public-access-block を実行する。',
  },
  'iam-no-users': {
    title: 'IAM ユーザーがない (ID ソースを 1 つに統一)',
    description:
      'アクセスキーやパスワードの有無にかかわらず、アカウントに IAM ユーザーが 1 人も存在しない。人間のユーザーは IAM Identity Center 経由でサインインし、ワークロードはロールを使用する。IAM Identity Center のみを使う OU として設定された OU (landingZone.guardrails.identityCenterOnly) 配下のアカウントでのみ判定する。',
    remediation:
      '担当者ごとに IAM Identity Center のユーザーと許可セットを用意し、ワークロードが使うユーザーをそれぞれロールに置き換えてから、IAM ユーザーを削除する (アクセスキー、パスワード、MFA デバイスを削除した後にユーザーを削除する)。',
  },
  'iam-role-trust': {
    title: 'ロールが信頼するのは組織と指定されたパートナーのみ',
    description:
      'すべての IAM ロールの信頼ポリシーが許可するプリンシパルは、組織のアカウントのプリンシパル、AWS のサービス、アカウント自身の ID プロバイダー、または設定されたパートナーアカウント (landingZone.guardrails.trustedAccounts) に限られる。それ以外のプリンシパル (または *) は、組織を指定した aws:PrincipalOrgID、組織内のパスを指定した aws:PrincipalOrgPaths、またはこれらのアカウントのみを指定した aws:PrincipalAccount / aws:PrincipalArn の条件がある場合に限り許可される。サービスにリンクされたロールは AWS が管理するため判定しない。',
    remediation:
      'ロールの信頼ポリシーから外部のアカウントを削除する。組織として信頼することに合意したパートナーであれば landingZone.guardrails.trustedAccounts に追加する (あわせて sts:ExternalId を必須にする)。',
  },
  'rds-encrypted': {
    title: 'RDS データベースが暗号化されている',
    description:
      '許可されたすべてのリージョンのすべての RDS DB インスタンスと DB クラスター (Aurora を含む) で、ストレージの暗号化が有効になっている。組織がカスタマーマネージドキーを必須としている場合 (landingZone.guardrails.requireCustomerManagedKeys) は、カスタマーマネージド KMS キーで暗号化されている。',
    remediation:
      'ストレージの暗号化は既存のデータベースで後から有効にできない。スナップショットを取得し、KMS キー (必須の場合はカスタマーマネージドキー) を指定してスナップショットをコピーし、そのコピーから復元してアプリケーションの接続先を切り替える。',
  },
  'elasticache-encrypted': {
    title: 'ElastiCache の保存時と転送中の暗号化が有効',
    description:
      '許可されたすべてのリージョンのすべての ElastiCache レプリケーショングループで、保存時の暗号化と転送中の暗号化が有効になっている。組織がカスタマーマネージドキーを必須としている場合、保存時の暗号化にはカスタマーマネージド KMS キーを使用している。',
    remediation:
      '--at-rest-encryption-enabled、--transit-encryption-enabled と KMS キーを指定してレプリケーショングループを作成し直し (転送中の暗号化は、既存のグループで required に移行することもできる)、クライアントの接続先を切り替える。',
  },
  's3-bucket-encryption': {
    title: 'データ用バケットにデフォルト暗号化が設定されている',
    description:
      'データアカウント (landingZone.guardrails.dataAccounts) のすべての汎用 S3 バケットにデフォルト暗号化が設定されており、組織がカスタマーマネージドキーを必須としている場合はカスタマーマネージドキーによる SSE-KMS である。S3 は 2023 年以降、新しいオブジェクトをデフォルトで SSE-S3 により暗号化するが、このガードレールはバケット自体の設定を判定する。',
    remediation:
      'アカウントベースラインのバケットモジュールから、各バケットに SSEAlgorithm aws:kms と KMS キー (BucketKeyEnabled true) を指定して s3api put-bucket-encryption を実行する。',
  },
  'macie-enabled': {
    title: 'Macie がデータを監視している',
    description:
      'データアカウント (landingZone.guardrails.dataAccounts) で、許可されたすべてのリージョンで Amazon Macie が有効になっている (一時停止されていない)。',
    remediation:
      '委任された管理者から組織の Macie を有効化して新しいアカウントの自動有効化を設定するか、許可されたすべてのリージョンでアカウントの macie2 enable-macie を実行する。',
  },
  'ec2-instance-rotation': {
    title: 'インスタンスが定期的に入れ替えられている',
    description:
      '設定された期間 (landingZone.guardrails.instanceMaxAgeDays、デフォルトは 30 日) より古い実行中の EC2 インスタンスがないため、その場限りの変更や攻撃者の足場が残り続けない。インスタンスを入れ替える Auto Scaling グループ (設定期間以内のインスタンスの最大有効期間、設定期間内に開始されたインスタンスの更新、または繰り返し実行されるスケジュールされたアクションがあるもの) のインスタンスは、入れ替えられているものとみなす。根拠には、最も古いインスタンスが起動時刻とともに示される。',
    remediation:
      'ワークロードを、インスタンスの最大有効期間またはスケジュールされたインスタンスの更新を設定した Auto Scaling グループで実行するか、古いインスタンスを新しいイメージから置き換える。',
  },
  'vpc-flow-logs': {
    title: 'VPC フローログ',
    description:
      '許可されたすべてのリージョンのすべての VPC に、アクティブなフローログがある。',
    remediation:
      'VPC ごとに、中央のログアーカイブに送るフローログを作成する (アカウントベースラインの VPC モジュールがこれを行う)。',
  },
  'vpc-three-tiers': {
    title: 'VPC が 3 階層構成',
    description:
      'デフォルト VPC を含むすべての VPC に、パブリック、プライベート、分離の各サブネットがある。VPC のないアカウントは合格とする。',
    remediation:
      '3 階層 VPC モジュールで VPC を再構築し、デフォルト VPC を削除する。',
  },
  'network-prod-isolation': {
    title: '本番と非本番のネットワークが分離されている',
    description:
      'アクティブな VPC ピアリング接続も Transit Gateway も、本番 VPC と非本番 VPC を接続していない。本番でも非本番でもないアカウント (共有サービス、ネットワークハブ) の VPC は両方と接続してよく、そのようなアカウントが所有する Transit Gateway も同様である。その Transit Gateway のルートテーブルが環境間を分離していることを前提とする。',
    remediation:
      'ピアリング接続またはアタッチメントを削除し、本番と非本番の間のトラフィックはネットワークハブ経由でのみルーティングする。',
  },
  'network-no-overlapping-cidrs': {
    title: '接続された VPC の CIDR が重複しない',
    description:
      'ピアリング接続または共有の Transit Gateway で接続された VPC の間で、CIDR ブロックが重複していない。',
    remediation:
      '組織の IPAM プールから CIDR を割り当て、重複している VPC のアドレスを再割り当てする。',
  },
  'network-acl-tiers': {
    title: 'サブネット階層ごとに専用のネットワーク ACL がある',
    description:
      'すべての VPC で、各階層のサブネットが VPC のデフォルトのネットワーク ACL ではなく、その階層専用のネットワーク ACL を使用している。パブリック階層のネットワーク ACL はプライベート階層や分離階層のものと共用されておらず、分離階層のネットワーク ACL はインターネット (0.0.0.0/0 または ::/0) からのインバウンドトラフィックを許可していない。VPC のないアカウントは合格とする。',
    remediation:
      'VPC モジュールで階層ごとにネットワーク ACL を 1 つ作成してその階層のすべてのサブネットを関連付け、分離階層へのインバウンドトラフィックは VPC 自身の CIDR ブロックからのみ許可する。',
  },
  'security-group-admin-ports': {
    title:
      '管理用ポートをインターネットに開放しているセキュリティグループがない',
    description:
      '許可されたどのリージョンにも、0.0.0.0/0 または ::/0 から SSH (22) や RDP (3389) へのインバウンドトラフィックを、ポート範囲またはすべてのトラフィックとして許可しているセキュリティグループがない。',
    remediation:
      'そのインバウンドルールを削除してインスタンスには Session Manager で接続するか、送信元を踏み台サーバーまたは VPN のアドレス範囲に限定する。',
  },
  'waf-public-entry': {
    title: 'すべての公開エンドポイントを WAF が保護している',
    description:
      '許可されたすべてのリージョンのインターネット向け Application Load Balancer と、すべての CloudFront ディストリビューションに、AWS WAF のウェブ ACL が関連付けられている。',
    remediation:
      '組織のウェブ ACL を関連付ける (Firewall Manager の WAF ポリシーを使うか、ロードバランサーには wafv2 associate-web-acl を実行し、CloudFront ではディストリビューションの WebACLId を設定する)。',
  },
};
