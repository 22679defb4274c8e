-- Replaces reservations by real amounts. ARGV: reservation id, then per scope held and actual.
-- A reservation already given back (expired) is not given back twice; a ledger that is gone
-- is left for the next admission to seed from the database. Returns `{spent1, reserved1, …}`,
-- with `-1, -1` for a ledger that is gone.
local rid = ARGV[1]
local out = {}
for i, key in ipairs(KEYS) do
  local held = tonumber(ARGV[2 * i])
  local actual = tonumber(ARGV[2 * i + 1])
  if redis.call('EXISTS', key) == 1 then
    if redis.call('ZREM', key .. ':r', rid .. ':' .. held) == 1 then
      redis.call('HINCRBY', key, 'reserved', -held)
    end
    if actual > 0 then redis.call('HINCRBY', key, 'spent', actual) end
    out[#out + 1] = tonumber(redis.call('HGET', key, 'spent'))
    out[#out + 1] = tonumber(redis.call('HGET', key, 'reserved'))
  else
    -- Gone and to be rebuilt: the hold must not be counted again by the rebuilt ledger.
    redis.call('ZREM', key .. ':r', rid .. ':' .. held)
    out[#out + 1] = -1
    out[#out + 1] = -1
  end
end
return out
