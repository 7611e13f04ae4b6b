-- Shared by every swarm script. KEYS: 1 peers hash (peer_id -> msgpack record, and the swarm's counts
-- under short field names, see CF), 2 last-seen zset, 3 and 4 the v4 and v6 pools' hashes, then on a
-- standalone server 5 the global totals hash and 6 the zset of swarms by last touch (absent on
-- Cluster, where the caller applies the returned deltas to them in a second call).
-- ARGV: 1 now (ms), 2 TTL (ms), 3 info hash hex, 4 most peers pruned per call, then the op's own.
-- A record: {state (0 downloader, 1 partial seed, 2 seeder), key, hasKey, snatched, owner, lastSeen
-- (as of the last write of the record: the last-seen zset T has the latest),
-- v4 compact or '', v6 compact or '', v4 subnet or '', v6 subnet or '', source family (4/6; absent in
-- records older than the bound of peers per address)}.
-- Per address a peer announced from (its source family's IPv4 /32 or IPv6 /64), a set of its peer_ids
-- (see addressKey), for the bound of peers per address (their last seen is in T).
-- A member of the pools (per family: downloaders and done peers apart, see the pools below) and of the
-- subnet sets (per family and subnet) carries what a pick hands out: peer_id (20 bytes), '1' when done
-- or '0' when downloading, then the compact address of that family; so a pick reads no record (except
-- in private mode, for the owner).
local P, T = KEYS[1], KEYS[2]
local Q4, Q6 = KEYS[3], KEYS[4]
local G, SW = KEYS[5], KEYS[6]
local NOW, TTL, HEX, LIMIT = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
-- Global deltas: torrents, seeders, downloaders, partial seeds, v4, v6, expired, evicted idle, evicted by
-- size, replaced (by a newer peer of the same address).
local gd = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
local GF = {'torrents', 's', 'd', 'ps', 'v4', 'v6', 'expired', 'evIdle', 'evSize', 'replaced'}

local function pool(fam)
  return fam == 4 and Q4 or Q6
end

-- Up to k distinct members of the zset at key (a subnet set of size members), at random, in random
-- order, in at most two calls: members score a random fraction (see link), so rank order is a random
-- order, and a window of k ranks from a uniformly random start (wrapping at size), shuffled, hands
-- every member out with the same chance, k / size. All of them shuffled when k is at least half. (One random rank per
-- member cost O(k log n) calls; SRANDMEMBER on a set is not uniform, its hash buckets bias it.)
local function shuffle(t)
  for i = #t, 2, -1 do
    local j = math.random(i)
    t[i], t[j] = t[j], t[i]
  end
  return t
end

local function sample(key, k, size)
  if k <= 0 or size == 0 then return {} end
  if k * 2 >= size then
    local all = shuffle(redis.call('ZRANGE', key, 0, size - 1))
    for i = #all, k + 1, -1 do all[i] = nil end
    return all
  end
  local first = math.random(size) - 1
  local last = first + k - 1
  local out = redis.call('ZRANGE', key, first, math.min(last, size - 1))
  if last >= size then
    for _, m in ipairs(redis.call('ZRANGE', key, 0, last - size)) do out[#out + 1] = m end
  end
  return shuffle(out)
end

local function subnetKey(net)
  return P .. ':n' .. net
end

-- The counts, fields of the peers hash (none is 20 bytes long, as a peer_id is), read once per script
-- (HMGET) and written once at the end (HSET of the changed fields): nil while the swarm does not
-- exist. Besides the counts: 'at' the last recorded touch (see touch), 'px' the time from which a
-- prune may find an expired peer (see prune; 0: now), 'h' the announces counted (up to HITS_CAP; halved
-- once a decay period by the sweep, see stats.lua) and 'hd' when they were last halved: the swarm's use,
-- by which the sweep chooses what to evict beyond the most torrents (see hit).
local CF = {'s', 'd', 'ps', 'n', 'v4', 'v6', 'at', 'px', 'h', 'hd'}
local HITS_CAP = 64
local cnt, dirty = nil, {}

local function add(field, delta)
  cnt[field] = cnt[field] + delta
  dirty[field] = true
end

local function count(state, delta)
  if state == 2 then
    add('s', delta); gd[2] = gd[2] + delta
  elseif state == 1 then
    add('ps', delta); gd[4] = gd[4] + delta
  else
    add('d', delta); gd[3] = gd[3] + delta
  end
end

local function saveCounts()
  if not cnt then return end
  local args = {}
  for _, f in ipairs(CF) do
    if dirty[f] then
      args[#args + 1] = f
      args[#args + 1] = cnt[f]
    end
  end
  if #args > 0 then redis.call('HSET', P, unpack(args)) end
  dirty = {}
end

-- The pools: per family, the peers' members in two arrays, downloaders ('d') and done peers ('s'),
-- each a string of fixed-width members back to back (27 bytes for v4, 39 for v6), in a uniformly
-- random order; and a hash (the pool key, Q4 or Q6) of member -> its index in its array, with the
-- arrays' lengths under 'nd' and 'ns' (never member-sized). A pick reads a window of the array with
-- GETRANGE: one contiguous read and one Lua string whatever the swarm's size, where a sorted set
-- walks a node, and makes a Lua string, per member (the cost grew with the swarm and with numwant).
-- Adding puts the new member at a random index and the one that was there at the end (inside-out
-- Fisher-Yates); removing moves the last member into the hole: either keeps the order uniformly random.
local WIDTH = {[4] = 27, [6] = 39}

local function arrayKey(x, done)
  return x .. (done and 's' or 'd')
end

local function arrayAdd(x, w, done, m)
  local lf = done and 'ns' or 'nd'
  local a = arrayKey(x, done)
  local n = tonumber(redis.call('HGET', x, lf) or '0')
  local at = math.random(n + 1) - 1
  if at < n then
    local moved = redis.call('GETRANGE', a, at * w, at * w + w - 1)
    redis.call('SETRANGE', a, n * w, moved)
    redis.call('SETRANGE', a, at * w, m)
    redis.call('HSET', x, moved, n, m, at, lf, n + 1)
  else
    redis.call('SETRANGE', a, n * w, m)
    redis.call('HSET', x, m, n, lf, n + 1)
  end
end

local function arrayRemove(x, w, done, m)
  local lf = done and 'ns' or 'nd'
  local v = redis.call('HMGET', x, m, lf)
  if not v[1] then return end
  local at, last = tonumber(v[1]), tonumber(v[2]) - 1
  local a = arrayKey(x, done)
  if at < last then
    local moved = redis.call('GETRANGE', a, last * w, last * w + w - 1)
    redis.call('SETRANGE', a, at * w, moved)
    redis.call('HSET', x, moved, at, lf, last)
  else
    redis.call('HSET', x, lf, last)
  end
  redis.call('HDEL', x, m)
  if last == 0 then
    redis.call('DEL', a)
  elseif last >= 64 and bit.band(last, last - 1) == 0 and redis.call('STRLEN', a) > 4 * last * w then
    -- A swarm that shrank: at each power of two, the string is cut to what is used when it is more
    -- than four times that (a string cannot be truncated in place).
    redis.call('SET', a, redis.call('GETRANGE', a, 0, last * w - 1))
  end
end

-- Adds ('ZADD') or removes ('ZREM') the peer's members of the pools and the subnet sets, as record r
-- says. A subnet set's score is a random fraction, drawn anew each time the member is linked, so that
-- its rank order is random (see sample).
local function link(op, id, r)
  local done = r[1] ~= 0
  local flag = done and '1' or '0'
  for fam = 4, 6, 2 do
    local addr, net = r[7], r[9]
    if fam == 6 then addr, net = r[8], r[10] end
    if addr ~= '' then
      local m = id .. flag .. addr
      if op == 'ZADD' then
        arrayAdd(pool(fam), WIDTH[fam], done, m)
        if net ~= '' then redis.call('ZADD', subnetKey(net), math.random(), m) end
      else
        arrayRemove(pool(fam), WIDTH[fam], done, m)
        if net ~= '' then redis.call('ZREM', subnetKey(net), m) end
      end
    end
  end
end

-- The key of the set of record r's address (the family it announced from), or nil for a record from
-- before the bound of peers per address.
local function addressKey(r)
  if r[11] == 4 and r[7] ~= '' then return P .. ':a4' .. string.sub(r[7], 1, 4) end
  if r[11] == 6 and r[8] ~= '' then return P .. ':a6' .. string.sub(r[8], 1, 8) end
  return nil
end

local function removePeer(id, r)
  local ak = addressKey(r)
  if ak then redis.call('SREM', ak, id) end
  redis.call('HDEL', P, id)
  redis.call('ZREM', T, id)
  count(r[1], -1)
  link('ZREM', id, r)
  if r[7] ~= '' then add('v4', -1); gd[5] = gd[5] - 1 end
  if r[8] ~= '' then add('v6', -1); gd[6] = gd[6] - 1 end
end

-- Sets the peer's address of family fam (slot 7/8, subnet slot 9/10) in r only; '' keeps what is
-- known. The caller relinks the pools and subnet sets (see link) when the members changed.
local function setAddress(r, fam, addr, net)
  if addr == '' then return end
  local slot, nslot = 7, 9
  if fam == 6 then slot, nslot = 8, 10 end
  if r[slot] == '' then
    add('v' .. fam, 1); gd[fam == 4 and 5 or 6] = gd[fam == 4 and 5 or 6] + 1
  end
  r[slot] = addr
  r[nslot] = net
end

-- What of r decides its members of the pools and subnet sets: done, addresses, subnets.
local function sameLinks(a, b)
  return (a[1] ~= 0) == (b[1] ~= 0) and a[7] == b[7] and a[8] == b[8] and a[9] == b[9] and a[10] == b[10]
end

-- Removes up to LIMIT peers not seen since NOW - TTL; returns how many, and whether peer_id id (may
-- be nil) was one of them. Not before the oldest peer can have expired: a prune notes when that is
-- ('px', the oldest last seen plus the TTL; re-announces only make peers younger, a restored peer
-- lowers it), so most announces skip the prune's read.
local function prune(id)
  if NOW < cnt.px then return 0, false end
  local gone = false
  local old = redis.call('ZRANGEBYSCORE', T, '-inf', NOW - TTL, 'LIMIT', 0, LIMIT)
  for _, old_id in ipairs(old) do
    if old_id == id then gone = true end
    local raw = redis.call('HGET', P, old_id)
    if raw then
      removePeer(old_id, cmsgpack.unpack(raw))
    else
      redis.call('ZREM', T, old_id)
    end
  end
  gd[7] = gd[7] + #old
  local px = 0
  if #old < LIMIT then
    local oldest = redis.call('ZRANGE', T, 0, 0, 'WITHSCORES')[2]
    if oldest then px = tonumber(oldest) + TTL end
  end
  if px ~= cnt.px then
    cnt.px = px
    dirty.px = true
  end
  return #old, gone
end

-- A peer last seen at lastSeen joined: the next prune is due no later than its expiry.
local function expiresBy(lastSeen)
  if cnt.px > lastSeen + TTL then
    cnt.px = lastSeen + TTL
    dirty.px = true
  end
end

-- Reads the counts: whether the swarm exists, and (in the same HMGET) the raw record of peer_id id
-- when id is given and the peer is there (else nil).
local function exists(id)
  local v
  if id then
    v = redis.call('HMGET', P, CF[1], CF[2], CF[3], CF[4], CF[5], CF[6], CF[7], CF[8], CF[9], CF[10], id)
  else
    v = redis.call('HMGET', P, unpack(CF))
  end
  local raw = v[11] or nil
  if not v[4] then
    cnt = nil
    return false, raw
  end
  cnt = {}
  for i, f in ipairs(CF) do cnt[f] = tonumber(v[i] or '0') end
  if not v[7] then cnt.at = nil end
  return true, raw
end

local function create(base)
  cnt = {s = 0, d = 0, ps = 0, n = base, v4 = 0, v6 = 0, px = 0, h = 0, hd = NOW}
  dirty = {n = true, hd = true}
  gd[1] = gd[1] + 1
end

-- Deletes the swarm's own keys: records and counts, last seen, the pools (their arrays included).
local function deleteSwarm()
  redis.call('DEL', P, T, Q4, Q6, arrayKey(Q4, false), arrayKey(Q4, true), arrayKey(Q6, false), arrayKey(Q6, true))
end

-- Drops the swarm when it holds no peer and no snatch; returns whether it is still there.
local function dropIfEmpty()
  if cnt.n == 0 and redis.call('ZCARD', T) == 0 then
    deleteSwarm()
    cnt, dirty = nil, {}
    gd[1] = gd[1] - 1
    return false
  end
  return true
end

-- Records an announce's touch of the swarm (field 'at' of the counts) when the last one recorded is
-- at least TOUCH ms old; returns the alive flag for the swarms index: 1 when recorded, -1 when not.
-- Re-announces of a busy swarm thus write nothing global (on a Cluster: no second call).
local function touch(every)
  if not cnt.at or NOW - cnt.at >= every then
    cnt.at = NOW
    dirty.at = true
    return 1
  end
  return -1
end

-- Counts one announce of the swarm in 'h', up to HITS_CAP: a swarm in steady use stops writing it.
local function hit()
  if cnt.h < HITS_CAP then add('h', 1) end
end

local function stats()
  if not cnt then return {0, 0, 0, 0} end
  return {cnt.s, cnt.d, cnt.ps, cnt.n}
end

-- The swarm's entry in the swarms index sw; alive: 1 the swarm was touched by an announce, 0 it is
-- gone, -1 neither.
local function indexSwarm(sw, alive, hex, now)
  if alive == 1 then
    redis.call('ZADD', sw, now, hex)
  elseif alive == 0 then
    redis.call('ZREM', sw, hex)
  end
end

local function applyGlobal(g, sw, deltas, alive, hex, now)
  for i = 1, #GF do
    local v = tonumber(deltas[i])
    if v ~= 0 then redis.call('HINCRBY', g, GF[i], v) end
  end
  indexSwarm(sw, alive, hex, now)
end

-- Standalone: totals in the same script; Cluster: handed back to the caller.
local function finish(alive, result)
  saveCounts()
  if G then
    applyGlobal(G, SW, gd, alive, HEX, NOW)
  end
  result[#result + 1] = gd
  result[#result + 1] = alive
  return result
end
