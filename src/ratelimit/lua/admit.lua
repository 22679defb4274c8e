-- Checks every counter against Redis' clock and moves them all, or none. Returns
-- `{0, 0}` when admitted, else `{index of the refusing check (1-based), wait in µs}`.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local new = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[3 * i - 2])
  local tolerance = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local tat = tonumber(redis.call('GET', key) or '0')
  local nt = math.max(tat, now) + cost * interval
  local over = nt - now - tolerance
  if over > 0 then return {i, over} end
  new[i] = nt
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, string.format('%d', new[i]), 'PX', math.floor((new[i] - now) / 1000) + 1000)
end
return {0, 0}
