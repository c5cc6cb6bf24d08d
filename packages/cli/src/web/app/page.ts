/** A rendered page: refreshed by the live timer, disposed when the route changes. */
export interface Page {
  /** Re-reads the data and redraws what changed (called while "Live" is on). */
  refresh(): Promise<void>;
}
