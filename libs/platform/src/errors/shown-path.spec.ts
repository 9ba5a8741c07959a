import { SHOWN_PATH_MAX_LENGTH, shownPath } from './shown-path';

describe('shownPath', () => {
  it('keeps a path of up to 200 characters as it is', () => {
    const path = `/${'a'.repeat(SHOWN_PATH_MAX_LENGTH - 1)}`;
    expect(shownPath(path)).toBe(path);
  });

  it('cuts a longer one after 200 characters, with an ellipsis', () => {
    expect(shownPath(`/${'a'.repeat(8000)}`)).toBe(`/${'a'.repeat(SHOWN_PATH_MAX_LENGTH - 1)}…`);
  });

  it('counts code points: a character outside the BMP is not cut in half', () => {
    const shown = shownPath(`/${'😀'.repeat(300)}`);
    expect([...shown]).toHaveLength(SHOWN_PATH_MAX_LENGTH + 1);
    expect(shown.endsWith('😀…')).toBe(true);
  });
});
