import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis } from '@app/redis';

/** Stored fields of a profile. */
export interface ProfileRecord {
  displayName: string;
  bio: string;
  updatedAt: string;
}

// Creates the profile with its defaults when missing, applies the given fields, and returns
// it, in one atomic step: a first read racing a first edit cannot lose the edit.
const UPSERT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'displayName', ARGV[1], 'bio', '', 'updatedAt', ARGV[2])
end
if #ARGV > 2 then
  redis.call('HSET', KEYS[1], 'updatedAt', ARGV[2], unpack(ARGV, 3))
end
return redis.call('HGETALL', KEYS[1])`;

interface ProfilesScripts {
  upsertProfile(key: string, defaultDisplayName: string, now: string, ...fields: string[]): Promise<string[]>;
}

/** Profiles in Redis: `profile:<userId>`, a hash. */
@Injectable()
export class ProfilesRepository {
  private readonly redis: Redis & ProfilesScripts;

  constructor(@InjectRedis() redis: Redis) {
    redis.defineCommand('upsertProfile', { numberOfKeys: 1, lua: UPSERT_SCRIPT });
    this.redis = redis as Redis & ProfilesScripts;
  }

  /** The profile, or `null` when the user has none yet: one `HGETALL`. */
  async find(userId: string): Promise<ProfileRecord | null> {
    const record = await this.redis.hgetall(keyOf(userId));
    return record.displayName === undefined ? null : toRecord(record);
  }

  /** Reads the profile, creating it first when missing, after applying `changes`. */
  async upsert(
    userId: string,
    defaultDisplayName: string,
    changes: Partial<ProfileRecord> = {},
  ): Promise<ProfileRecord> {
    const fields = Object.entries(changes).flatMap(([field, value]) => (value === undefined ? [] : [field, value]));
    const reply = await this.redis.upsertProfile(
      keyOf(userId),
      defaultDisplayName,
      new Date().toISOString(),
      ...fields,
    );
    const record: Record<string, string> = {};
    for (let index = 0; index < reply.length; index += 2) record[reply[index]] = reply[index + 1];
    return toRecord(record);
  }
}

const keyOf = (userId: string): string => `profile:${userId}`;

const toRecord = (fields: Record<string, string>): ProfileRecord => ({
  displayName: fields.displayName,
  bio: fields.bio,
  updatedAt: fields.updatedAt,
});
