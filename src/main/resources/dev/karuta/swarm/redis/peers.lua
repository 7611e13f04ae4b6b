-- Every live peer of one swarm, oldest first. Returns {status, {id, record, ...}, deltas, alive}.
if not exists() then
  return finish(-1, {0, {}})
end
prune()
if not dropIfEmpty() then
  return finish(0, {0, {}})
end
local out = {}
for _, id in ipairs(redis.call('ZRANGE', T, 0, -1)) do
  local raw = redis.call('HGET', P, id)
  if raw then
    out[#out + 1] = id
    out[#out + 1] = raw
  end
end
return finish(-1, {1, out})
