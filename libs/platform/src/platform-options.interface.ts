/**
 * Options of {@link PlatformModule}.
 *
 * @publicApi
 */
export interface PlatformModuleOptions {
  /** The app's name: its path prefix (`/auth`) and the first half of `X-Served-By`. */
  name: string;
}
