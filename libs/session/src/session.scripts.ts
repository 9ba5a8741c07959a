import { REPLACED_MARK_SECONDS } from './session-record';

/**
 * The store's Lua scripts: each change of a session record (a JSON array, see
 * `session-record.ts`) is one atomic read-modify-write, so concurrent requests changing
 * different values of one session both keep their change.
 *
 * A session lives in one of two places, and each script takes both: a signed-in session is
 * the field `<public id>` of its user's hash `<prefix>user:<user tag>` (KEYS[1], with the field
 * as ARGV[1]); an anonymous one is the string `<prefix><public id>` (KEYS[1], with ARGV[1]
 * empty). A user's hash expires with the last of its sessions; a session that outlives its
 * timeouts inside it is treated as gone and pruned when its user signs in again.
 *
 * A user's hash may also hold the field `!v`: the user's credential version, raised by every
 * change of password or roles (see {@link REVOKE_CREDENTIALS}). Public ids never start with `!`,
 * and the store takes no other name for a session from a client (`isPublicId`).
 */
export const CREDENTIAL_VERSION_FIELD = '!v';

const RECORD_ACCESS = `
local VERSION = '${CREDENTIAL_VERSION_FIELD}'
local function read(field)
  if field == '' then return redis.call('GET', KEYS[1]) end
  return redis.call('HGET', KEYS[1], field)
end
local function write(field, value, ttl)
  if field == '' then return redis.call('SET', KEYS[1], value, 'PX', ttl) end
  redis.call('HSET', KEYS[1], field, value)
  if redis.call('PTTL', KEYS[1]) < tonumber(ttl) then redis.call('PEXPIRE', KEYS[1], ttl) end
end
-- A replaced session's mark is a JSON object ('{'), a record an array.
local function isMark(stored)
  return string.byte(stored, 1) == 123
end
local function replacedLately(stored, now)
  if not isMark(stored) then return false end
  local ok, mark = pcall(cjson.decode, stored)
  return ok and type(mark.replacedAt) == 'number' and now - mark.replacedAt < ${REPLACED_MARK_SECONDS}
end
local function live(stored, now, idle, absolute)
  local ok, record = pcall(cjson.decode, stored)
  return ok and type(record) == 'table' and type(record[1]) == 'number' and type(record[2]) == 'number'
    and record[2] + idle >= now and record[1] + absolute > now
end
`;

/**
 * ARGV: field, mode ('new' | 'update'), ttl ms, record, changed positions (0-based, comma
 * separated), now s, idle s, absolute s, data changes, data limit (bytes), credential version.
 *
 * A new session is written whole; a signed-in one only while the user's credential version is
 * still the one given (read before the credentials were checked), so a sign-in that raced a
 * change of password or roles is refused (-1). Its user's sessions past their timeouts are
 * pruned, but not the marks of sessions replaced lately. An update lands only on a session that
 * still exists (a request still running when its session was destroyed cannot bring it back)
 * and writes only the positions, and the app's values by name (a JSON object: the new JSON
 * text, or false for a deleted name), that request changed; merged data over the limit is
 * refused (-2). One whose session a sign-in or a renewal replaced meanwhile (its record is a
 * replaced mark, see {@link REPLACE_SESSION}) is refused (-3).
 */
export const SAVE_SESSION = `${RECORD_ACCESS}
local field, value = ARGV[1], ARGV[4]
if ARGV[2] == 'update' then
  local stored = read(field)
  if not stored then return 0 end
  if isMark(stored) then return -3 end
  local record, changed = cjson.decode(stored), cjson.decode(value)
  for position in string.gmatch(ARGV[5], '%d+') do
    local index = tonumber(position) + 1
    if changed[index] == nil then record[index] = cjson.null else record[index] = changed[index] end
  end
  if ARGV[9] ~= '' then
    local data = record[8]
    if type(data) ~= 'table' then data = {} end
    for name, json in pairs(cjson.decode(ARGV[9])) do
      if json == false then data[name] = nil else data[name] = json end
    end
    if next(data) == nil then
      record[8] = nil
    else
      if #cjson.encode(data) > tonumber(ARGV[10]) then return -2 end
      for index = 1, 7 do
        if record[index] == nil then record[index] = cjson.null end
      end
      record[8] = data
    end
  end
  while #record > 0 and record[#record] == cjson.null do record[#record] = nil end
  value = cjson.encode(record)
elseif field ~= '' then
  if ARGV[11] ~= '' and (redis.call('HGET', KEYS[1], VERSION) or '0') ~= ARGV[11] then return -1 end
  local now, idle, absolute = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
  local others = redis.call('HGETALL', KEYS[1])
  for i = 1, #others, 2 do
    local stored = others[i + 1]
    if others[i] ~= VERSION and not live(stored, now, idle, absolute) and not replacedLately(stored, now) then
      redis.call('HDEL', KEYS[1], others[i])
    end
  end
end
write(field, value, ARGV[3])
return 1`;

/**
 * Overwrites a session's record with the mark of its replacement by a new session (a sign-in,
 * a renewal of its id), kept at least as long as a request sent with the old cookie may still
 * arrive. ARGV: field, mark, ttl ms.
 */
export const REPLACE_SESSION = `${RECORD_ACCESS}
write(ARGV[1], ARGV[2], ARGV[3])
return 1`;

/**
 * Slides the idle expiry of an existing session (not of a replaced one's mark): sets its
 * last-seen time, and extends the expiry of its key if that would end sooner. ARGV: field,
 * ttl ms, now s.
 */
export const TOUCH_SESSION = `${RECORD_ACCESS}
local stored = read(ARGV[1])
if not stored or isMark(stored) then return 0 end
local record = cjson.decode(stored)
record[2] = tonumber(ARGV[3])
write(ARGV[1], cjson.encode(record), ARGV[2])
return 1`;

const END_SESSIONS = `
local function endSessions(keep, now, idle, absolute)
  local sessions = redis.call('HGETALL', KEYS[1])
  local ended = 0
  for i = 1, #sessions, 2 do
    if sessions[i] ~= keep and sessions[i] ~= VERSION then
      if live(sessions[i + 1], now, idle, absolute) then ended = ended + 1 end
      redis.call('HDEL', KEYS[1], sessions[i])
    end
  end
  return ended
end
`;

/**
 * KEYS: a user's hash. ARGV: field to keep (or ''), now s, idle s, absolute s. Ends the
 * user's other sessions; returns how many of them were live.
 */
export const DESTROY_OTHER_SESSIONS = `${RECORD_ACCESS}${END_SESSIONS}
return endSessions(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))`;

/**
 * KEYS: a user's hash. ARGV: now s, idle s, absolute s, ms the version must outlive a sign-in.
 * After a change of password or roles: raises the user's credential version and ends every
 * session of the user, in one step, so no session, and no sign-in that checked the credentials
 * before the change, outlives it. The version is kept at least as long as a sign-in can take;
 * returns it.
 *
 * The version is Redis's clock in microseconds (or one more than the last, if that is later),
 * not a count: a hash that expired with its last session and its version would count again
 * from 0, and repeat a version a sign-in still running may have read. Microseconds, not
 * milliseconds, because two changes a millisecond apart must differ even when the hash is gone
 * between them; 2^53 microseconds are about 285 years, so the value stays an exact JSON number.
 */
export const REVOKE_CREDENTIALS = `${RECORD_ACCESS}${END_SESSIONS}
endSessions('', tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local last = tonumber(redis.call('HGET', KEYS[1], VERSION) or '0')
local version = redis.call('HINCRBY', KEYS[1], VERSION, math.max(1, now - last))
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return version`;
