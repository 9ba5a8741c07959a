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
 */
const RECORD_ACCESS = `
local function read(field)
  if field == '' then return redis.call('GET', KEYS[1]) end
  return redis.call('HGET', KEYS[1], field)
end
local function write(field, value, ttl)
  if field == '' then return redis.call('SET', KEYS[1], value, 'PX', ttl) end
  redis.call('HSET', KEYS[1], field, value)
  if redis.call('PTTL', KEYS[1]) < tonumber(ttl) then redis.call('PEXPIRE', KEYS[1], ttl) end
end
local function live(stored, now, idle, absolute)
  local ok, record = pcall(cjson.decode, stored)
  return ok and type(record) == 'table' and type(record[1]) == 'number' and type(record[2]) == 'number'
    and record[2] + idle >= now and record[1] + absolute > now
end
`;

/**
 * ARGV: field, mode ('new' | 'update'), ttl ms, record, changed positions (0-based, comma
 * separated), now s, idle s, absolute s. A new session is written whole, and its user's
 * sessions past their timeouts are pruned. An update lands only on a session that still
 * exists (a request still running when its session was destroyed cannot bring it back) and
 * writes only the positions that request changed.
 */
export const SAVE_SESSION = `${RECORD_ACCESS}
local field, value = ARGV[1], ARGV[4]
if ARGV[2] == 'update' then
  local stored = read(field)
  if not stored then return 0 end
  local record, changed = cjson.decode(stored), cjson.decode(value)
  for position in string.gmatch(ARGV[5], '%d+') do
    local index = tonumber(position) + 1
    if changed[index] == nil then record[index] = cjson.null else record[index] = changed[index] end
  end
  value = cjson.encode(record)
elseif field ~= '' then
  local now, idle, absolute = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
  local others = redis.call('HGETALL', KEYS[1])
  for i = 1, #others, 2 do
    if not live(others[i + 1], now, idle, absolute) then redis.call('HDEL', KEYS[1], others[i]) end
  end
end
write(field, value, ARGV[3])
return 1`;

/**
 * Slides the idle expiry of an existing session: sets its last-seen time, and extends the
 * expiry of its key if that would end sooner. ARGV: field, ttl ms, now s.
 */
export const TOUCH_SESSION = `${RECORD_ACCESS}
local stored = read(ARGV[1])
if not stored then return 0 end
local record = cjson.decode(stored)
record[2] = tonumber(ARGV[3])
write(ARGV[1], cjson.encode(record), ARGV[2])
return 1`;

/**
 * KEYS: a user's hash. ARGV: field to keep (or ''), now s, idle s, absolute s. Ends the
 * user's other sessions; returns how many of them were live.
 */
export const DESTROY_OTHER_SESSIONS = `${RECORD_ACCESS}
local now, idle, absolute = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local sessions = redis.call('HGETALL', KEYS[1])
local ended = 0
for i = 1, #sessions, 2 do
  if sessions[i] ~= ARGV[1] then
    if live(sessions[i + 1], now, idle, absolute) then ended = ended + 1 end
    redis.call('HDEL', KEYS[1], sessions[i])
  end
end
return ended`;
