-- Moves each counter by a settled token difference (never before now).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local delta = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key) or '0')
  local nt = math.max(math.max(tat, now) + delta * interval, now)
  redis.call('SET', key, string.format('%d', nt), 'PX', math.floor((nt - now) / 1000) + 1000)
end
return 0
