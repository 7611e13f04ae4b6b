-- Announces: one, or a batch of them in one call (what the registry sends while earlier calls are in
-- flight), applied in order. KEYS: the base key of each announce's swarm ('<prefix>{<hex>}:', its
-- keys are that followed by p, t, q4, q6), then on a standalone server the totals hash and the
-- swarms zset (a Cluster call holds one announce and no global key: its deltas are handed back).
-- ARGV[1]: '>ddddd' TTL (ms), most peers pruned per announce, least ms between two recorded touches
-- of a swarm, random seed, most peers per address (0: no limit; beyond it a new peer replaces its
-- address's least recently announced one). ARGV[1 + i]: announce i, packed as '>c20dBBi4Bi4BBHHd' peer_id, now (ms),
-- event (0 none, 1 completed, 2 started, 3 stopped, 4 paused), left==0 (1/0), key, hasKey (1/0),
-- owner, source family (4/6), subnet-first picking (1/0), numwant v4, numwant v6, ledger base, then
-- four 'Bc0' strings: v4 compact, v6 compact, v4 subnet, v6 subnet ('' when none).
-- Returns one string per announce: '>bBi4i4i4dHH' status (1 ok, 0 unknown torrent, -1 peer_id in
-- use), snatched now (1/0), seeders, downloaders, partial seeds, snatches, number of v4 picks, of v6
-- picks; then the picks, pick-set members (27 bytes for v4, 39 for v6: see the prelude), in no
-- particular order, at most numwant + 1 of a family of which one may be the requester's own (the
-- registry drops it, shuffles and keeps numwant); on a Cluster
-- then '>i4i4i4i4i4i4i4i4i4i4b' the global deltas and alive. An announce that fails is answered
-- 'E' .. the error, and the others go on.
-- The prelude's swarm variables (P, T, the pick sets, NOW, HEX) are bound anew for each announce.
local n = #ARGV - 1
local standalone = #KEYS == n + 2
if standalone then G, SW = KEYS[n + 1], KEYS[n + 2] else G, SW = nil, nil end
local TOUCH, seed, PER
TTL, LIMIT, TOUCH, seed, PER = struct.unpack('>ddddd', ARGV[1])
math.randomseed(seed)

-- How many of family f's pick set (from rank 0) a requester may be handed, done or not: the
-- downloaders only (a done requester is handed no done peer), or all. From the counts when every peer
-- of the swarm has an address of that family, so the set holds the counts' downloaders and seeders
-- plus partial seeds; else ZCOUNT or ZCARD.
local function poolSize(f, done, q)
  local total = cnt.s + cnt.d + cnt.ps
  if cnt['v' .. f] == total then
    return done and cnt.d or total
  end
  if done then return redis.call('ZCOUNT', q, 0, 0) end
  return redis.call('ZCARD', q)
end

-- Up to want peers of family f for requester id (member self of that family, done or not): the
-- requester's subnet first, then at random from the pick set. Handed back as pick-set members; a
-- peer has the same member in its family's pool and subnet set, so members are told apart as they are.
-- When every candidate goes, they go as read: up to want + 1, perhaps with self (see the header).
local function pick(f, want, net, self, done, owner, subnetFirst)
  local out = {}
  if want <= 0 then return out end
  local seen = {[self] = true}
  local seenCount, got = 1, 0
  local function consider(m)
    if got >= want or seen[m] then return end
    seen[m] = true
    seenCount = seenCount + 1
    if done and string.byte(m, 21) == 49 then return end
    if owner ~= 0 then
      local craw = redis.call('HGET', P, string.sub(m, 1, 20))
      if not craw or cmsgpack.unpack(craw)[5] == owner then return end
    end
    got = got + 1
    out[got] = m
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
  local remaining = want - got
  if remaining <= 0 then return out end
  local q = pool(f)
  local size = poolSize(f, done, q)
  local k = math.min(size, remaining + seenCount + extra)
  local cands
  if k == size then
    -- All of them (shuffled below, unless they go as they are).
    cands = size > 0 and redis.call('ZRANGE', q, 0, size - 1) or {}
    if got == 0 and owner == 0 then
      -- Nothing handed out yet and no owner to ask about: all of them go as they are, at most want + 1
      -- (k is), in rank order and perhaps with the requester's own member: the registry drops that,
      -- shuffles and keeps want, which costs less there than a Lua string and a random draw per member.
      return cands
    end
  else
    cands = sample(q, k, size)
  end
  for _, c in ipairs(shuffle(cands)) do consider(c) end
  return out
end

-- The answer of one announce; the swarm's counts are saved, its deltas kept in gd (standalone: summed
-- over the batch and written once at the end) and its entry in the swarms index updated.
local function answer(status, snatchedNow, alive, p4, p6)
  saveCounts()
  if G then indexSwarm(SW, alive, HEX, NOW) end
  local s, d, ps, nn = 0, 0, 0, 0
  if cnt then s, d, ps, nn = cnt.s, cnt.d, cnt.ps, cnt.n end
  local out = struct.pack('>bBi4i4i4dHH', status, snatchedNow, s, d, ps, nn, #p4, #p6)
  if #p4 > 0 then out = out .. table.concat(p4) end
  if #p6 > 0 then out = out .. table.concat(p6) end
  if not G then
    out = out .. struct.pack('>i4i4i4i4i4i4i4i4i4i4b', gd[1], gd[2], gd[3], gd[4], gd[5], gd[6], gd[7], gd[8], gd[9],
      gd[10], alive)
  end
  return out
end

local NONE = {}

-- Keeps peer id (record r, before the announce: before, nil when new) in its address's zset, and when
-- it is new there, replaces the address's least recently announced other peers beyond PER (a restored
-- swarm may be over by more than one). Re-announces from the same address cost one ZADD.
local function keepBound(id, r, before)
  if PER <= 0 then return end
  local ak = addressKey(r)
  local old = before and addressKey(before)
  if old and old ~= ak then redis.call('ZREM', old, id) end
  if not ak then return end
  redis.call('ZADD', ak, NOW, id)
  if old == ak then return end
  local over = redis.call('ZCARD', ak) - PER
  if over <= 0 then return end
  -- Oldest first; one more than needed, in case the new peer ties with the oldest in the same ms.
  for _, vid in ipairs(redis.call('ZRANGE', ak, 0, over)) do
    if over > 0 and vid ~= id then
      local vraw = redis.call('HGET', P, vid)
      if vraw then
        removePeer(vid, cmsgpack.unpack(vraw))
        gd[10] = gd[10] + 1
      else
        redis.call('ZREM', ak, vid)
      end
      over = over - 1
    end
  end
end

local function announce(base, packed)
  P, T = base .. 'p', base .. 't'
  Q4, Q6 = base .. 'q4', base .. 'q6'
  HEX = string.sub(base, -42, -3)
  cnt, dirty = nil, {}
  if not G then gd = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0} end
  local id, now, event, lz, key, hasKey, owner, fam, sf, want4, want6, ledgerBase, v4, v6, n4, n6 =
    struct.unpack('>c20dBBi4Bi4BBHHdBc0Bc0Bc0Bc0', packed)
  local subnetFirst = sf == 1
  NOW = now
  local leftZero = lz == 1

  local there, raw = exists(id)
  if not there then
    if event == 3 then
      return answer(0, 0, -1, NONE, NONE)
    end
    create(ledgerBase)
  else
    local _, gone = prune(id)
    if gone then raw = nil end
  end

  local r = nil
  if raw then r = cmsgpack.unpack(raw) end

  if r then
    -- May this request act for the stored peer? Same owner (or none) and the same address, or its key.
    local known, src, len = r[7], v4, 4
    if fam == 6 then known, src, len = r[8], v6, 16 end
    local may = (r[5] == owner or r[5] == 0) and ((known ~= '' and string.sub(known, 1, len) == string.sub(src, 1, len))
      or (r[3] == 1 and hasKey == 1 and r[2] == key))
    if not may then
      local alive = dropIfEmpty() and -1 or 0
      return answer(-1, 0, alive, NONE, NONE)
    end
  end

  local finished = leftZero and (event == 1 or (r ~= nil and r[1] ~= 2))
  local snatchedNow = 0

  if event == 3 then
    if r then
      if finished and r[4] == 0 then
        snatchedNow = 1
        add('n', 1)
      end
      removePeer(id, r)
    end
    local alive = 0
    if dropIfEmpty() then alive = touch(TOUCH) end
    return answer(1, snatchedNow, alive, NONE, NONE)
  end

  hit()
  local state = 0
  if leftZero then state = 2 elseif event == 4 then state = 1 end
  local before = nil
  if not r then
    r = {state, key, hasKey, 0, owner, NOW, '', '', '', '', fam}
    count(state, 1)
  else
    before = {r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]}
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
  if finished and r[4] == 0 then
    r[4] = 1
    snatchedNow = 1
    add('n', 1)
  end
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
  keepBound(id, r, before)

  local done = state ~= 0
  local flag = done and '1' or '0'
  local p4 = v4 ~= '' and pick(4, want4, n4, id .. flag .. r[7], done, owner, subnetFirst) or NONE
  local p6 = v6 ~= '' and pick(6, want6, n6, id .. flag .. r[8], done, owner, subnetFirst) or NONE
  return answer(1, snatchedNow, touch(TOUCH), p4, p6)
end

if G then gd = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0} end
local replies = {}
for i = 1, n do
  local ok, reply = pcall(announce, KEYS[i], ARGV[i + 1])
  if not ok then
    local e = type(reply) == 'table' and (reply.err or '?') or tostring(reply)
    reply = 'E' .. e
  end
  replies[i] = reply
end
if G then
  for i = 1, #GF do
    if gd[i] ~= 0 then redis.call('HINCRBY', G, GF[i], gd[i]) end
  end
end
return replies
