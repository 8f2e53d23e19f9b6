export interface Config {
  permission?: {
    /**
     * The Landing Zone Portal's permission policy
     * (plugins/permission-backend-module-landing-zone).
     */
    landingZone?: {
      /**
       * The groups whose members are allowed everything: every account of the
       * organisation and starting scans. Everyone else reads the posture of
       * the accounts their groups own and may not start scans. Entity
       * references; kind and namespace default to `group` and `default`.
       * Default: `group:default/security-team`, `group:default/platform-team`.
       * An empty list gives nobody full access.
       */
      fullAccessGroups?: string[];
    };
  };
}
