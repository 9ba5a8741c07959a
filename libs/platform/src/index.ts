export { bootstrapApp } from './bootstrap';
export { DEVELOPMENT_SECRET_FILE, developmentSessionSecret } from './config/development-secret';
export { loadEnvFile } from './config/env-file';
export { Environment, EnvironmentError, validateEnvironment } from './config/environment';
export { ErrorDetail, ErrorResponseBody, toErrorResponse } from './errors/error-response';
export { HttpErrorFilter } from './errors/http-error.filter';
export { TooManyRequestsException } from './errors/too-many-requests.exception';
export { APP_NAME } from './platform.constants';
export { PlatformModule } from './platform.module';
export { PlatformModuleOptions } from './platform-options.interface';
export { createValidationPipe } from './validation/create-validation-pipe';
export {
  NoBidiControls,
  NoInvisibleCharacters,
  normalizeEmail,
  NormalizeText,
  normalizeText,
  SingleScriptEmailParts,
} from './validation/unicode-text';
