-- Cluster only: applies a swarm script's deltas to the totals. KEYS: 1 totals hash, 2 swarms zset.
-- ARGV: 1 now, 2 info hash hex, 3 alive, 4.. the deltas.
local d = {}
for i = 4, #ARGV do d[#d + 1] = ARGV[i] end
local GF = {'torrents', 's', 'd', 'ps', 'v4', 'v6', 'expired', 'evIdle', 'evSize', 'replaced'}
for i = 1, #GF do
  local v = tonumber(d[i])
  if v ~= 0 then redis.call('HINCRBY', KEYS[1], GF[i], v) end
end
local alive = tonumber(ARGV[3])
if alive == 1 then
  redis.call('ZADD', KEYS[2], tonumber(ARGV[1]), ARGV[2])
elseif alive == 0 then
  redis.call('ZREM', KEYS[2], ARGV[2])
end
return 1
