/** The most characters of a request's path an error message repeats. */
export const SHOWN_PATH_MAX_LENGTH = 200;

/**
 * `path` as an error message names it: cut after {@link SHOWN_PATH_MAX_LENGTH} characters (code
 * points) with an ellipsis. The client chooses the path, up to the 16 KB of its headers: repeated
 * whole, it would make the answer to a one-line request many times the size of the request.
 *
 * @publicApi
 */
export function shownPath(path: string): string {
  const characters = [...path];
  return characters.length > SHOWN_PATH_MAX_LENGTH ? `${characters.slice(0, SHOWN_PATH_MAX_LENGTH).join('')}…` : path;
}
