-- One announce: prune, apply, pick. ARGV from 5: peer_id, event (0 none, 1 completed, 2 started,
-- 3 stopped, 4 paused), left==0 (1/0), key, hasKey (1/0), owner, source family (4/6), v4 compact
-- or '', v6 compact or '', v4 subnet or '', v6 subnet or '', numwant v4, numwant v6, ledger base,
-- random seed, subnet-first picking (1/0), least ms between two recorded touches of the swarm.
-- Returns {status (1 ok, 0 unknown torrent, -1 peer_id in use), stats, snatched now (1/0),
-- picks v4 {member, ...} (peer_id, done flag, compact address: see the prelude), picks v6, deltas, alive}.
local id, event, leftZero = ARGV[5], tonumber(ARGV[6]), ARGV[7] == '1'
local key, hasKey, owner, fam = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local v4, v6, n4, n6 = ARGV[12], ARGV[13], ARGV[14], ARGV[15]
local want4, want6, base = tonumber(ARGV[16]), tonumber(ARGV[17]), tonumber(ARGV[18])
math.randomseed(tonumber(ARGV[19]))
local subnetFirst = ARGV[20] == '1'
local TOUCH = tonumber(ARGV[21])

if not exists() then
  if event == 3 then
    return finish(-1, {0, {0, 0, 0, 0}, 0, {}, {}})
  end
  create(base)
else
  prune()
end

local raw = redis.call('HGET', P, id)
local r = nil
if raw then r = cmsgpack.unpack(raw) end

local function mayActFor()
  if r[5] ~= owner and r[5] ~= 0 then return false end
  local known, src, n = r[7], v4, 4
  if fam == 6 then known, src, n = r[8], v6, 16 end
  if known ~= '' and string.sub(known, 1, n) == string.sub(src, 1, n) then return true end
  return r[3] == 1 and hasKey == 1 and r[2] == key
end

if r and not mayActFor() then
  local alive = dropIfEmpty() and -1 or 0
  return finish(alive, {-1, stats(), 0, {}, {}})
end

local finished = leftZero and (event == 1 or (r ~= nil and r[1] ~= 2) or false)
local snatchedNow = 0
local function countSnatch()
  if finished and r[4] == 0 then
    r[4] = 1
    snatchedNow = 1
    add('n', 1)
  end
end

if event == 3 then
  if r then
    countSnatch()
    removePeer(id, r)
  end
  local alive = 0
  if dropIfEmpty() then alive = touch(TOUCH) end
  return finish(alive, {1, stats(), snatchedNow, {}, {}})
end

local state = 0
if leftZero then state = 2 elseif event == 4 then state = 1 end
local before = nil
if not r then
  r = {state, key, hasKey, 0, owner, NOW, '', '', '', ''}
  count(state, 1)
else
  before = {r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]}
  if state ~= r[1] then
    count(r[1], -1)
    count(state, 1)
    r[1] = state
  end
  if hasKey == 1 then
    r[2] = key
    r[3] = 1
  end
  r[5] = owner
  r[6] = NOW
end
setAddress(r, 4, v4, n4)
setAddress(r, 6, v6, n6)
if not before then
  link('ZADD', id, r)
elseif not sameLinks(before, r) then
  link('ZREM', id, before)
  link('ZADD', id, r)
end
countSnatch()
-- The record's lastSeen is only written with a change of anything else: the last-seen zset has it
-- (peers.lua reads it from there).
local changed = not before
if before then
  for i = 1, 10 do
    if i ~= 6 and before[i] ~= r[i] then changed = true end
  end
end
if changed then redis.call('HSET', P, id, cmsgpack.pack(r)) end
redis.call('ZADD', T, NOW, id)

local done = state ~= 0

-- Up to want peers of family f: the requester's subnet first, then at random from the pick sets.
-- Handed back as pick-set members; a peer has the same member in its family's pool and subnet set,
-- so members are told apart as they are.
local flag = done and '1' or '0'
local function pick(f, want, net)
  local out = {}
  if want <= 0 then return out end
  local seen = {[id .. flag .. (f == 4 and r[7] or r[8])] = true}
  local seenCount, n = 1, 0
  local function consider(m)
    if n >= want or seen[m] then return end
    seen[m] = true
    seenCount = seenCount + 1
    if done and string.byte(m, 21) == 49 then return end
    if owner ~= 0 then
      local craw = redis.call('HGET', P, string.sub(m, 1, 20))
      if not craw or cmsgpack.unpack(craw)[5] == owner then return end
    end
    n = n + 1
    out[n] = m
  end
  local extra = owner ~= 0 and 2 * want + 16 or 0
  if subnetFirst and net ~= '' then
    local key = subnetKey(net)
    local size = redis.call('ZCARD', key)
    -- The requester is a member: alone, it has no neighbour to hand out.
    if size > 1 then
      for _, c in ipairs(sample(key, 2 * want + 8 + extra, size)) do consider(c) end
    end
  end
  local remaining = want - n
  if remaining <= 0 then return out end
  local dset, sset = pool(f, false), pool(f, true)
  local a = redis.call('ZCARD', dset)
  local b = done and 0 or redis.call('ZCARD', sset)
  local k = math.min(a + b, remaining + seenCount + extra)
  local cands
  if k == a + b then
    -- All of both: one shuffle of the lot.
    cands = a > 0 and redis.call('ZRANGE', dset, 0, -1) or {}
    if b > 0 then
      for _, c in ipairs(redis.call('ZRANGE', sset, 0, -1)) do cands[#cands + 1] = c end
    end
  else
    -- A uniform draw of k of the a + b: how many come from each set (hypergeometric).
    local ka, kb = 0, 0
    for _ = 1, k do
      if math.random(a + b - ka - kb) <= a - ka then ka = ka + 1 else kb = kb + 1 end
    end
    cands = {}
    if ka > 0 then cands = sample(dset, ka, a) end
    if kb > 0 then
      for _, c in ipairs(sample(sset, kb, b)) do cands[#cands + 1] = c end
    end
  end
  for _, c in ipairs(shuffle(cands)) do consider(c) end
  return out
end

local p4 = v4 ~= '' and pick(4, want4, n4) or {}
local p6 = v6 ~= '' and pick(6, want6, n6) or {}
return finish(touch(TOUCH), {1, stats(), snatchedNow, p4, p6})
