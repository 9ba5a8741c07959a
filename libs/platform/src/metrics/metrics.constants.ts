/** Requests served, by method, route pattern and status. */
export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
/** Time from a request's arrival to its response, by method, route pattern and status. */
export const HTTP_REQUEST_DURATION_SECONDS = 'http_request_duration_seconds';
/** The labels of both. */
export const HTTP_LABELS = ['method', 'route', 'status_code'];
/** The buckets of the duration, in seconds. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Sessions looked up in the store by id. */
export const SESSION_LOADS_TOTAL = 'session_loads_total';
/** Lookups that found a live session. */
export const SESSION_HITS_TOTAL = 'session_hits_total';
/** Lookups that found none (unknown, expired or ended). */
export const SESSION_MISSES_TOTAL = 'session_misses_total';
/** Sessions written to Redis. */
export const SESSION_WRITES_TOTAL = 'session_writes_total';
/** Requests whose loaded session was unchanged, so not written. */
export const SESSION_WRITES_SKIPPED_TOTAL = 'session_writes_skipped_total';
/** Redis calls of the session store that failed, by store operation. */
export const SESSION_REDIS_ERRORS_TOTAL = 'session_redis_errors_total';
/** Duration of the session store's Redis calls, by store operation. */
export const SESSION_REDIS_DURATION_SECONDS = 'session_redis_duration_seconds';

/** Route label of requests that matched no route, so that unknown paths cannot grow the label set. */
export const UNMATCHED_ROUTE = '(unmatched)';
