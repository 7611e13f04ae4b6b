-- Evicts one swarm whole. ARGV 5: 'idle' or 'size'; 6: for 'idle', the latest touch that counts as
-- idle (an announce may have come since the sweep read the index). Returns {dropped (1/0), deltas, alive}.
if not exists() then
  return finish(0, {0})
end
if ARGV[5] == 'idle' and (cnt.at or 0) > tonumber(ARGV[6]) then
  return finish(-1, {0})
end
local c = stats()
local all = redis.call('HGETALL', P)
for i = 1, #all, 2 do
  -- Records only: the counts' fields are never 20 bytes long.
  if #all[i] == 20 then
    local r = cmsgpack.unpack(all[i + 1])
    if r[9] ~= '' then redis.call('DEL', subnetKey(r[9])) end
    if r[10] ~= '' then redis.call('DEL', subnetKey(r[10])) end
    local ak = addressKey(r)
    if ak then redis.call('DEL', ak) end
  end
end
gd[1] = -1
gd[2], gd[3], gd[4] = -c[1], -c[2], -c[3]
gd[5], gd[6] = -cnt.v4, -cnt.v6
if ARGV[5] == 'idle' then gd[8] = 1 else gd[9] = 1 end
deleteSwarm()
cnt, dirty = nil, {}
return finish(0, {1})
