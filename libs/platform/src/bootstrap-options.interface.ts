/**
 * Options of {@link bootstrapApp}.
 *
 * @publicApi
 */
export interface BootstrapOptions {
  /**
   * A folder of static files (a web client) to serve under `/<name>/`, its HTML files with the
   * security headers of a page instead of the API's. Default: none.
   */
  staticRoot?: string;
}
