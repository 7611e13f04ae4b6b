-- Puts back one peer. ARGV from 5: peer_id, lastSeen, state, key, hasKey, snatched, v4, v6, n4, n6,
-- ledger base. Returns {added (1/0), deltas, alive}.
local id = ARGV[5]
local fresh = not exists()
if not fresh and redis.call('HEXISTS', P, id) == 1 then
  return finish(-1, {0})
end
if fresh then create(tonumber(ARGV[15])) end
local lastSeen = tonumber(ARGV[6])
-- The random parts of the pools' order and of the subnet sets' scores (see link): a script's
-- generator starts from the same seed each call.
-- Seeded within 31 bits (the generator takes an int) from the peer_id's last bytes and the time.
math.randomseed((lastSeen % 1000003 * 1024 + struct.unpack('>I4', string.sub('\0\0\0\0' .. id, -4))) % 2147483647)
local r = {tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), 0, lastSeen, '', '', '', '',
  ARGV[11] ~= '' and 4 or 6}
count(r[1], 1)
setAddress(r, 4, ARGV[11], ARGV[13])
setAddress(r, 6, ARGV[12], ARGV[14])
link('ZADD', id, r)
redis.call('HSET', P, id, cmsgpack.pack(r))
redis.call('ZADD', T, lastSeen, id)
redis.call('SADD', addressKey(r), id)
expiresBy(lastSeen)
return finish(touch(0), {1})
