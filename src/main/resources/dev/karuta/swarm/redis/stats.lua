-- Counts of one swarm after pruning. ARGV 5: the decay period (ms; 0 = none): when the swarm's hits
-- were last halved that long ago, they are halved now (the sweep; see 'h' in prelude.lua).
-- Returns {status (1 known, 0 unknown), stats, hits before any halving, deltas, alive}.
if not exists() then
  return finish(-1, {0, {0, 0, 0, 0}, 0})
end
prune()
if not dropIfEmpty() then
  return finish(0, {0, {0, 0, 0, 0}, 0})
end
local hits = cnt.h
local period = tonumber(ARGV[5] or '0')
if period > 0 and NOW - cnt.hd >= period then
  cnt.h = math.floor(cnt.h / 2)
  cnt.hd = NOW
  dirty.h, dirty.hd = true, true
end
return finish(-1, {1, stats(), hits})
