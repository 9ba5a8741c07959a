/** Name of the OpenAPI security scheme of the session cookie. */
export const SESSION_SECURITY_SCHEME = 'session';
/** Under the app's prefix: the interactive page (`/auth/docs`) and the document (`/auth/docs/json`). */
export const OPENAPI_PAGE_PATH = 'docs';
export const OPENAPI_DOCUMENT_PATH = 'docs/json';
