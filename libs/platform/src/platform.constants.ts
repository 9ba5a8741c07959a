/** Injection token of the app's name (its path prefix). */
export const APP_NAME = 'PLATFORM:APP_NAME';
