-- Seeds unknown ledgers, gives back expired reservations, checks every scope and reserves in
-- all of them, or none. ARGV: reservation id, hold seconds, then per scope limit, amount,
-- seed (-1 when unknown), ttl. Returns `{0, spent1, reserved1, …}` when admitted,
-- `{index, spent, reserved}` when scope `index` (1-based) has no room, `{-1, i, …}` for
-- scopes that need a seed.
local now = tonumber(redis.call('TIME')[1])
local rid = ARGV[1]
local hold = tonumber(ARGV[2])
local missing = {}
for i, key in ipairs(KEYS) do
  local seed = tonumber(ARGV[4 * i + 1])
  if redis.call('EXISTS', key) == 0 then
    if seed < 0 then
      missing[#missing + 1] = i
    else
      -- Holds still live under a rebuilt ledger (another process's requests in flight) keep
      -- their room.
      redis.call('ZREMRANGEBYSCORE', key .. ':r', '-inf', now)
      local reserved = 0
      for _, m in ipairs(redis.call('ZRANGE', key .. ':r', 0, -1)) do
        reserved = reserved + tonumber(string.match(m, ':(%d+)$'))
      end
      redis.call('HSET', key, 'spent', seed, 'reserved', reserved)
      redis.call('EXPIRE', key, tonumber(ARGV[4 * i + 2]))
    end
  end
end
if #missing > 0 then
  local out = {-1}
  for _, i in ipairs(missing) do out[#out + 1] = i end
  return out
end
for i, key in ipairs(KEYS) do
  local held = key .. ':r'
  local expired = redis.call('ZRANGEBYSCORE', held, '-inf', now)
  for _, m in ipairs(expired) do
    redis.call('HINCRBY', key, 'reserved', -tonumber(string.match(m, ':(%d+)$')))
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', held, '-inf', now) end
end
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[4 * i - 1])
  local amount = tonumber(ARGV[4 * i])
  local spent = tonumber(redis.call('HGET', key, 'spent') or '0')
  local reserved = tonumber(redis.call('HGET', key, 'reserved') or '0')
  if spent + reserved + amount > limit then return {i, spent, reserved} end
end
local out = {0}
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[4 * i])
  local reserved = redis.call('HINCRBY', key, 'reserved', amount)
  redis.call('ZADD', key .. ':r', now + hold, rid .. ':' .. amount)
  -- The ledger and its holds expire together: a ledger with no period (credits) must not
  -- outlive, or be outlived by, the holds it counts.
  redis.call('EXPIRE', key, tonumber(ARGV[4 * i + 2]))
  redis.call('EXPIRE', key .. ':r', tonumber(ARGV[4 * i + 2]))
  out[#out + 1] = tonumber(redis.call('HGET', key, 'spent'))
  out[#out + 1] = reserved
end
return out
