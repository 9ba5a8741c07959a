/**
 * pino's `timestamp` option: the ISO time of `stdTimeFunctions.isoTime`, formatted once a
 * millisecond. Under load many lines share a millisecond, and `toISOString` was a tenth of the
 * cost of a request line.
 */
export function cachedIsoTime(now: () => number = Date.now): () => string {
  let formattedAt = Number.NaN;
  let formatted = '';
  return () => {
    const time = now();
    if (time !== formattedAt) {
      formattedAt = time;
      formatted = `,"time":"${new Date(time).toISOString()}"`;
    }
    return formatted;
  };
}
