/** Name of the OpenAPI security scheme of the session cookie. */
export const SESSION_SECURITY_SCHEME = 'session';
/** Marks the routes of `@ApiOptionalSession()`. */
export const OPTIONAL_SESSION_METADATA = 'openapi:optional-session';
/** The 409 of every route that reads the session (`SessionReplacedException`). */
export const REPLACED_SESSION_DESCRIPTION =
  'The cookie names a session that a sign-in or a renewal replaced while the request was on its way: ' +
  'send it again with the current cookie (no cookie is set or cleared)';
/** Under the app's prefix: the interactive page (`/auth/docs`) and the document (`/auth/docs/json`). */
export const OPENAPI_PAGE_PATH = 'docs';
export const OPENAPI_DOCUMENT_PATH = 'docs/json';
/** The project's licence, which redocly's recommended rules ask every document to state. */
export const OPENAPI_LICENSE = { name: 'MIT', url: 'https://opensource.org/licenses/MIT' };
/** Relative: the paths already carry the app's prefix, and the document is served by the host it describes. */
export const OPENAPI_SERVER = {
  url: '/',
  description: 'The proxy (Traefik) or the development gateway that served this document',
};
