export interface Config {
  landingZone?: {
    vending?: {
      /**
       * The infrastructure repository account requests are opened against,
       * output by the landing-zone:vending:repository action. Declared again
       * by the landing-zone backend, which follows only pull requests of it.
       */
      repository?: {
        /**
         * A repoUrl as publish actions take it, e.g.
         * `github.com?owner=acme&repo=infrastructure`.
         */
        url: string;
        /** The branch pull requests go into. Default `main`. */
        branch?: string;
      };
    };
  };
}
