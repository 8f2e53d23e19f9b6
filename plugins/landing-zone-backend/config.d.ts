export interface Config {
  /** Configuration of the Landing Zone Portal backend. */
  landingZone?: {
    /** Regions the organisation allows and the scanner reads, e.g. ['eu-west-1', 'eu-central-1']. */
    regions?: string[];
  };
}
