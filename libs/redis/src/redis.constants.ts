/** Injection token of the shared `ioredis` client. */
export const REDIS_CLIENT = 'REDIS:CLIENT';
