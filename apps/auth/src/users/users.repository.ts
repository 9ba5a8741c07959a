import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { InjectRedis, RedisClient } from '@app/redis';
import { User } from './user.interface';

// The email index and the record are written together or not at all: two registrations of
// one email race on SET NX, and exactly one wins. One Redis only: on a cluster the two keys are
// in different slots (see create).
const CREATE_SCRIPT = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], 'email', ARGV[2], 'passwordHash', ARGV[3], 'roles', ARGV[4], 'createdAt', ARGV[5])
return 1`;

// Changes an existing user only: HSET alone would create a half user.
const UPDATE_ROLES_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'roles', ARGV[1])
return 1`;

// Replaces the password hash only if it is still the one the change checked the current
// password against: of two changes racing from one old password, one wins, not the last.
const UPDATE_PASSWORD_SCRIPT = `
if redis.call('HGET', KEYS[1], 'passwordHash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'passwordHash', ARGV[2])
return 1`;

interface UsersScripts {
  createUser(emailKey: string, userKey: string, ...args: string[]): Promise<number>;
  updateRoles(userKey: string, roles: string): Promise<number>;
  updatePasswordHash(userKey: string, checkedHash: string, passwordHash: string): Promise<number>;
}

/**
 * Accounts in Redis: `user:<id>` (a hash) and `user:email:<email>` (the unique index). On a
 * cluster the two keys of an account are in different slots, so no command touches both.
 */
@Injectable()
export class UsersRepository {
  private readonly redis: RedisClient & UsersScripts;

  constructor(@InjectRedis() redis: RedisClient) {
    redis.defineCommand('createUser', { numberOfKeys: 2, lua: CREATE_SCRIPT });
    redis.defineCommand('updateRoles', { numberOfKeys: 1, lua: UPDATE_ROLES_SCRIPT });
    redis.defineCommand('updatePasswordHash', { numberOfKeys: 1, lua: UPDATE_PASSWORD_SCRIPT });
    this.redis = redis as RedisClient & UsersScripts;
  }

  /** Stores a new account; `null` when the email is taken. */
  async create(email: string, passwordHash: string, roles: string[]): Promise<User | null> {
    const user: User = { id: randomUUID(), email, passwordHash, roles, createdAt: Math.floor(Date.now() / 1000) };
    if (!(this.redis instanceof Cluster)) {
      const created = await this.redis.createUser(
        emailKey(email),
        userKey(user.id),
        user.id,
        email,
        passwordHash,
        roles.join(','),
        String(user.createdAt),
      );
      return created ? user : null;
    }
    // On a cluster: the record first, under a new id nobody knows yet; then the index, where two
    // registrations of one email race on SET NX and exactly one wins. The loser removes its
    // record. (Should the process die between the two, an unreachable record is left, nothing
    // else.)
    await this.redis.hset(userKey(user.id), {
      email,
      passwordHash,
      roles: roles.join(','),
      createdAt: String(user.createdAt),
    });
    if ((await this.redis.set(emailKey(email), user.id, 'NX')) === 'OK') return user;
    await this.redis.del(userKey(user.id));
    return null;
  }

  findIdByEmail(email: string): Promise<string | null> {
    return this.redis.get(emailKey(email));
  }

  async findByEmail(email: string): Promise<User | null> {
    const id = await this.findIdByEmail(email);
    return id ? this.findById(id) : null;
  }

  async findById(id: string): Promise<User | null> {
    const fields = await this.redis.hgetall(userKey(id));
    if (!fields.email) return null;
    return {
      id,
      email: fields.email,
      passwordHash: fields.passwordHash,
      roles: fields.roles ? fields.roles.split(',') : [],
      createdAt: Number(fields.createdAt),
    };
  }

  /** `false` when the hash is no longer `checkedHash` (the password changed meanwhile). */
  async updatePasswordHash(id: string, checkedHash: string, passwordHash: string): Promise<boolean> {
    return (await this.redis.updatePasswordHash(userKey(id), checkedHash, passwordHash)) === 1;
  }

  /** `false` when there is no such user. */
  async updateRoles(id: string, roles: string[]): Promise<boolean> {
    return (await this.redis.updateRoles(userKey(id), roles.join(','))) === 1;
  }
}

const emailKey = (email: string): string => `user:email:${email}`;
const userKey = (id: string): string => `user:${id}`;
