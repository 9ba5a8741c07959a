/** The names a new app goes by, from its project name (`orders`). */
export interface AppNames {
  /** Project, folder, path prefix, Docker service and Traefik router: `orders`. */
  name: string;
  /** Classes: `Orders` (`OrdersModule`). */
  className: string;
  /** Variables: `ORDERS` (`ORDERS_REPLICAS`). */
  variableName: string;
}

// Taken by the repository or the gateway: libs, the launcher, the gateway's API page.
const RESERVED = new Set(['devstack', 'docs', 'platform', 'redis', 'session', 'stack', 'test', 'dist']);

/**
 * Checks a new app's name and derives the others from it. Throws with the rule when the name is
 * not lowercase letters and digits starting with a letter, at most 30 characters (no dashes: the
 * name is also part of variable names, `<NAME>_REPLICAS`), or is reserved.
 */
export function appNames(name: string): AppNames {
  if (!/^[a-z][a-z0-9]{0,29}$/.test(name)) {
    throw new Error(
      `"${name}" is not a valid app name: use lowercase letters and digits, starting with a letter, at most 30 characters (e.g. orders)`,
    );
  }
  if (RESERVED.has(name)) throw new Error(`"${name}" is reserved: choose another name`);
  return { name, className: name[0].toUpperCase() + name.slice(1), variableName: name.toUpperCase() };
}
