import { once } from 'node:events';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { EnvironmentError } from '@app/platform';
import { REDIS_CLIENT } from '@app/redis';
import { KNOWN_ROLES } from './admin/dto/set-roles.dto';
import { OperatorModule } from './operator/operator.module';
import { RoleChange, RoleGrants } from './operator/role-grants.service';

// The operator's commands, run inside a replica's container (docs/deploy.md), with the app's
// own environment: `node cli.js grant-role ann@example.com admin`.

const USAGE = `Usage: node cli.js grant-role <email> <role>
       node cli.js revoke-role <email> <role>
Roles: ${KNOWN_ROLES.join(', ')}. Reads the app's environment (REDIS_URL, SESSION_SECRETS or their _FILE forms).
The account's sessions end, so its next sign-in carries the new roles.`;

const COMMANDS = ['grant-role', 'revoke-role'];
const REDIS_WAIT_MS = 10_000;

async function run([command, email, role, ...extra]: string[]): Promise<number> {
  if (!COMMANDS.includes(command) || !email || !(KNOWN_ROLES as readonly string[]).includes(role) || extra.length) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const context = await NestFactory.createApplicationContext(OperatorModule, {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    await connected(context.get<Redis>(REDIS_CLIENT));
    const grants = context.get(RoleGrants);
    const change = command === 'grant-role' ? await grants.grant(email, role) : await grants.revoke(email, role);
    if (!change) {
      process.stderr.write(`No account has the email ${email}\n`);
      return 1;
    }
    process.stdout.write(`${describe(change, command === 'grant-role' ? `granted ${role}` : `revoked ${role}`)}\n`);
    return 0;
  } finally {
    await context.close();
  }
}

/** The app's client fails fast while unconnected (no offline queue); a command waits a little. */
async function connected(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  try {
    await once(redis, 'ready', { signal: AbortSignal.timeout(REDIS_WAIT_MS) });
  } catch {
    throw new Error(`Redis did not answer within ${REDIS_WAIT_MS / 1000} s: check REDIS_URL (or REDIS_URL_FILE)`);
  }
}

function describe(change: RoleChange, action: string): string {
  const account = `${change.email} (${change.userId})`;
  if (!change.changed) return `${account}: nothing to do, roles are ${change.roles.join(', ') || 'none'}`;
  return `${account}: ${action}; roles are now ${change.roles.join(', ') || 'none'}; its sessions ended`;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof EnvironmentError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
