-- Evicts one swarm whole. ARGV 5: 'idle' or 'size'. Returns {dropped (1/0), deltas, alive}.
if not exists() then
  return finish(0, {0})
end
local c = stats()
for _, raw in ipairs(redis.call('HVALS', P)) do
  local r = cmsgpack.unpack(raw)
  if r[9] ~= '' then redis.call('DEL', subnetKey(r[9])) end
  if r[10] ~= '' then redis.call('DEL', subnetKey(r[10])) end
end
local v = redis.call('HMGET', C, 'v4', 'v6')
gd[1] = -1
gd[2], gd[3], gd[4] = -c[1], -c[2], -c[3]
gd[5], gd[6] = -tonumber(v[1] or '0'), -tonumber(v[2] or '0')
if ARGV[5] == 'idle' then gd[8] = 1 else gd[9] = 1 end
redis.call('DEL', P, T, C, D4, S4, D6, S6)
return finish(0, {1})
