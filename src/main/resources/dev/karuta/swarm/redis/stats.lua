-- Counts of one swarm after pruning. Returns {status (1 known, 0 unknown), stats, deltas, alive}.
if not exists() then
  return finish(-1, {0, {0, 0, 0, 0}})
end
prune()
if not dropIfEmpty() then
  return finish(0, {0, {0, 0, 0, 0}})
end
return finish(-1, {1, stats()})
