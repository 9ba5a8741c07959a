export { bootstrapApp } from './bootstrap';
export { DEVELOPMENT_SECRET_FILE, developmentSessionSecret } from './config/development-secret';
export { loadEnvFile } from './config/env-file';
export { BootstrapOptions } from './bootstrap-options.interface';
export { Environment, EnvironmentError, validateEnvironment } from './config/environment';
export { ErrorDetail, ErrorResponseBody, toErrorResponse } from './errors/error-response';
export { clientErrorHandler } from './errors/client-error.handler';
export { shownPath } from './errors/shown-path';
export { HttpErrorFilter } from './errors/http-error.filter';
export { RouteTable } from './routing/route-table';
export { TooManyRequestsException } from './errors/too-many-requests.exception';
export { ValidationFailedException } from './errors/validation-failed.exception';
export { APP_NAME } from './platform.constants';
export { PlatformModule } from './platform.module';
export { PlatformModuleOptions } from './platform-options.interface';
export { createValidationPipe } from './validation/create-validation-pipe';
export { codePointLength, MaxLength, MinLength } from './validation/text-length';
export {
  MULTI_LINE_TEXT,
  NoBidiControls,
  NoInvisibleCharacters,
  normalizeEmail,
  NormalizeText,
  normalizeText,
  SINGLE_LINE_TEXT,
  SingleScriptEmailParts,
} from './validation/unicode-text';
export { ApiOptionalSession } from './openapi/api-optional-session.decorator';
export { REPLACED_SESSION_DESCRIPTION } from './openapi/openapi.constants';
export { ApiSchemaRules, SchemaRules } from './openapi/api-schema-rules.decorator';
export { ClientTimeouts, clientTimeoutOptions, DEFAULT_CLIENT_TIMEOUTS } from './security/client-timeouts';
export { HOST_CHECKED_BY_HOOK, hostHeaderProblem } from './security/host-header';
export { apiSecurityHeaders, pageSecurityHeaders } from './security/security-headers.hook';
