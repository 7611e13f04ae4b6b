-- Announces: one, or a batch of them in one call (what the registry sends while earlier calls are in
-- flight), applied in order. KEYS: the base key of each announce's swarm ('<prefix>{<hex>}:', its
-- keys are that followed by p, t, r4, r6), then on a standalone server the totals hash and the
-- swarms zset (a Cluster call holds announces of one slot and no global key: each announce's deltas
-- are handed back).
-- ARGV[1]: '>ddddd' TTL (ms), most peers pruned per announce, least ms between two recorded touches
-- of a swarm, random seed, most peers per address (0: no limit; beyond it a new peer replaces its
-- address's least recently announced one). ARGV[1 + i]: announce i, packed as '>c20dBBi4Bi4BBHHd' peer_id, now (ms),
-- event (0 none, 1 completed, 2 started, 3 stopped, 4 paused), left==0 (1/0), key, hasKey (1/0),
-- owner, source family (4/6), subnet-first picking (1/0), numwant v4, numwant v6, ledger base, then
-- four 'Bc0' strings: v4 compact, v6 compact, v4 subnet, v6 subnet ('' when none).
-- Returns one string per announce: '>bBi4i4i4dHH' status (1 ok, 0 unknown torrent, -1 peer_id in
-- use), snatched now (1/0), seeders, downloaders, partial seeds, snatches, number of v4 picks, of v6
-- picks; then the picks, pool members (27 bytes for v4, 39 for v6: see the prelude), in no particular
-- order (the registry shuffles them), at most numwant of a family and never the requester's own; on a Cluster
-- then '>i4i4i4i4i4i4i4i4i4i4b' the global deltas and alive. An announce that fails is answered
-- 'E' .. the error, and the others go on.
-- The prelude's swarm variables (P, T, the pools, NOW, HEX) are bound anew for each announce.
local n = #ARGV - 1
local standalone = #KEYS == n + 2
if standalone then G, SW = KEYS[n + 1], KEYS[n + 2] else G, SW = nil, nil end
local TOUCH, seed, PER
TTL, LIMIT, TOUCH, seed, PER = struct.unpack('>ddddd', ARGV[1])
math.randomseed(seed)

-- No picks.
local NONE = {}

-- count members of array a (n long, members w bytes) from index start on, wrapping: one string.
local function window(a, w, n, start, count)
  local last = start + count - 1
  if last < n then return redis.call('GETRANGE', a, start * w, (last + 1) * w - 1) end
  return redis.call('GETRANGE', a, start * w, n * w - 1) .. redis.call('GETRANGE', a, 0, (last - n + 1) * w - 1)
end

-- count members of array a (n long, members w bytes) at random, never the one at index skip (nil: none
-- to skip), back to back in one string: a window from a uniformly random start other than skip (the
-- array's order is random, see the prelude's pools); when skip falls inside the window, one more is
-- read and skip is cut out, so the window is a uniform one of the other members (a window shuffled
-- and cut instead would favour skip's neighbours).
local function draw(a, w, n, skip, count)
  local others = skip and n - 1 or n
  if count > others then count = others end
  if count <= 0 then return '' end
  local start = math.random(others) - 1
  if skip then
    if start >= skip then start = start + 1 end
    local j = (skip - start) % n
    if j < count then
      local got = window(a, w, n, start, count + 1)
      return string.sub(got, 1, j * w) .. string.sub(got, (j + 1) * w + 1)
    end
  end
  return window(a, w, n, start, count)
end

-- Up to k members of family f's pool at random, never the requester's own (member self): chunks
-- (strings of members back to back) and how many. A done requester draws from the downloaders only;
-- any other from both arrays, the downloaders' share k * downloaders / others rounded at random (so
-- every other member has the same chance). One HMGET reads the arrays' lengths and self's index.
local function drawPool(f, k, done, self)
  local x, w = pool(f), WIDTH[f]
  local v = redis.call('HMGET', x, 'nd', 'ns', self)
  local nd, ns, at = tonumber(v[1] or '0'), tonumber(v[2] or '0'), v[3] and tonumber(v[3])
  if done then
    local d = draw(arrayKey(x, false), w, nd, nil, k)
    return {d}, #d / w
  end
  local rd, rs = nd, ns
  if at then rd = nd - 1 end
  if k > rd + rs then k = rd + rs end
  -- The downloaders' share of k, k * rd / (rd + rs), rounded up or down at random so that its mean is
  -- exact: one draw where k draws without replacement cost 50 random numbers in Lua.
  local kd = 0
  if k > 0 then kd = math.floor(k * rd / (rd + rs) + math.random()) end
  local d = draw(arrayKey(x, false), w, nd, at, kd)
  local s = draw(arrayKey(x, true), w, ns, nil, k - kd)
  return {d, s}, (#d + #s) / w
end

-- Up to want peers of family f for requester id (member self of that family, done or not): the
-- requester's subnet first, then at random from the pool. Handed back as a list of strings of members
-- back to back, with their number in field n; never the requester's own member. With no subnet
-- neighbour and no owner to ask about (a public tracker, nearly always) the pool's draw goes as it is
-- read: a few calls and strings whatever the swarm's size or numwant; after subnet neighbours, the
-- draw has them cut out. With an owner (private mode) the pool's candidates are looked at one by one
-- (an owner's own are skipped).
local function pick(f, want, net, self, done, owner, subnetFirst)
  if want <= 0 then return NONE end
  local subnetSize = 0
  if subnetFirst and net ~= '' then subnetSize = redis.call('ZCARD', subnetKey(net)) end
  if subnetSize <= 1 and owner == 0 then
    -- No neighbour (the requester alone in its subnet set) and no owner: the pool's draw as it is read,
    -- before any table or closure of the general case below is made.
    local chunks, n = drawPool(f, want, done, self)
    chunks.n = n
    return chunks
  end
  local out = {}
  out.n = 0
  local seen = {[self] = true}
  local got = 0
  local function consider(m)
    if got >= want or seen[m] then return end
    seen[m] = true
    if done and string.byte(m, 21) == 49 then return end
    if owner ~= 0 then
      local craw = redis.call('HGET', P, string.sub(m, 1, 20))
      if not craw or cmsgpack.unpack(craw)[5] == owner then return end
    end
    got = got + 1
    out[got] = m
  end
  local extra = owner ~= 0 and 2 * want + 16 or 0
  -- The requester is a member of its subnet set: alone, it has no neighbour to hand out.
  if subnetSize > 1 then
    for _, c in ipairs(sample(subnetKey(net), 2 * want + 8 + extra, subnetSize)) do consider(c) end
  end
  local remaining = want - got
  if remaining > 0 then
    if owner == 0 then
      local chunks, n = drawPool(f, remaining + got, done, self)
      if got == 0 then
        chunks.n = n
        return chunks
      end
      -- The subnet's picks may be in the draw: cut them out, then members at random beyond remaining.
      local w, drawn = WIDTH[f], table.concat(chunks)
      for i = 1, got do
        local from = 1
        while true do
          local p = string.find(drawn, out[i], from, true)
          if not p then break end
          if (p - 1) % w == 0 then
            drawn = string.sub(drawn, 1, p - 1) .. string.sub(drawn, p + w)
            break
          end
          from = p + 1
        end
      end
      for left = #drawn / w, remaining + 1, -1 do
        local cut = (math.random(left) - 1) * w
        drawn = string.sub(drawn, 1, cut) .. string.sub(drawn, cut + w + 1)
      end
      out[got + 1] = drawn
      out.n = got + #drawn / w
      return out
    end
    local chunks = drawPool(f, remaining + got + extra, done, self)
    local w, cands = WIDTH[f], {}
    for _, c in ipairs(chunks) do
      for i = 1, #c, w do cands[#cands + 1] = string.sub(c, i, i + w - 1) end
    end
    for _, c in ipairs(shuffle(cands)) do consider(c) end
  end
  out.n = got
  return out
end

-- The answer of one announce; the swarm's counts are saved, its deltas kept in gd (standalone: summed
-- over the batch and written once at the end) and its entry in the swarms index updated.
local function answer(status, snatchedNow, alive, p4, p6)
  saveCounts()
  if G then indexSwarm(SW, alive, HEX, NOW) end
  local s, d, ps, nn = 0, 0, 0, 0
  if cnt then s, d, ps, nn = cnt.s, cnt.d, cnt.ps, cnt.n end
  local out = struct.pack('>bBi4i4i4dHH', status, snatchedNow, s, d, ps, nn, p4.n or 0, p6.n or 0)
  if #p4 > 0 then out = out .. table.concat(p4) end
  if #p6 > 0 then out = out .. table.concat(p6) end
  if not G then
    out = out .. struct.pack('>i4i4i4i4i4i4i4i4i4i4b', gd[1], gd[2], gd[3], gd[4], gd[5], gd[6], gd[7], gd[8], gd[9],
      gd[10], alive)
  end
  return out
end


-- Keeps peer id (record r, before the announce: before, nil when new) in its address's set, and when
-- it is new there, replaces the address's least recently announced other peers (by their last seen
-- in T) beyond PER (a restored swarm may be over by more than one). A re-announce from the same
-- address writes nothing here.
local function keepBound(id, r, before)
  if PER <= 0 then return end
  local ak = addressKey(r)
  local old = before and addressKey(before)
  if old == ak then return end
  if old then redis.call('SREM', old, id) end
  if not ak then return end
  redis.call('SADD', ak, id)
  local over = redis.call('SCARD', ak) - PER
  if over <= 0 then return end
  local others = {}
  for _, vid in ipairs(redis.call('SMEMBERS', ak)) do
    if vid ~= id then others[#others + 1] = vid end
  end
  local seen = redis.call('ZMSCORE', T, unpack(others))
  local order = {}
  for i = 1, #others do order[i] = i end
  -- Oldest first; a member with no last seen (none should be) before all.
  table.sort(order, function(a, b)
    local sa, sb = tonumber(seen[a] or '-1'), tonumber(seen[b] or '-1')
    if sa ~= sb then return sa < sb end
    return others[a] < others[b]
  end)
  for i = 1, over do
    local vid = others[order[i]]
    local vraw = redis.call('HGET', P, vid)
    if vraw then
      removePeer(vid, cmsgpack.unpack(vraw))
      gd[10] = gd[10] + 1
    else
      redis.call('SREM', ak, vid)
    end
  end
end

local function announce(base, packed)
  P, T = base .. 'p', base .. 't'
  Q4, Q6 = base .. 'r4', base .. 'r6'
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
