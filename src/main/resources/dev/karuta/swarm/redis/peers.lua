-- Every live peer of one swarm, oldest first. Returns {status, {id, record, ...}, deltas, alive}.
if not exists() then
  return finish(-1, {0, {}})
end
prune()
if not dropIfEmpty() then
  return finish(0, {0, {}})
end
local out = {}
local seen = redis.call('ZRANGE', T, 0, -1, 'WITHSCORES')
for i = 1, #seen, 2 do
  local id = seen[i]
  local raw = redis.call('HGET', P, id)
  if raw then
    -- An announce that changes nothing else does not rewrite the record: its last seen is here.
    local r = cmsgpack.unpack(raw)
    r[6] = tonumber(seen[i + 1])
    out[#out + 1] = id
    out[#out + 1] = cmsgpack.pack(r)
  end
end
return finish(-1, {1, out})
