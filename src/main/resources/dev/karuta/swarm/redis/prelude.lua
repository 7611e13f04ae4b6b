-- Shared by every swarm script. KEYS: 1 peers hash (peer_id -> msgpack record), 2 last-seen zset,
-- 3 counts hash, 4..7 pick sets (v4 downloaders, v4 done, v6 downloaders, v6 done), then on a
-- standalone server 8 the global totals hash and 9 the zset of swarms by last touch (absent on
-- Cluster, where the caller applies the returned deltas to them in a second call).
-- ARGV: 1 now (ms), 2 TTL (ms), 3 info hash hex, 4 most peers pruned per call, then the op's own.
-- A record: {state (0 downloader, 1 partial seed, 2 seeder), key, hasKey, snatched, owner, lastSeen,
-- v4 compact or '', v6 compact or '', v4 subnet or '', v6 subnet or ''}.
local P, T, C = KEYS[1], KEYS[2], KEYS[3]
local D4, S4, D6, S6 = KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local G, SW = KEYS[8], KEYS[9]
local NOW, TTL, HEX, LIMIT = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
-- Global deltas: torrents, seeders, downloaders, partial seeds, v4, v6, expired, evicted idle, evicted by size.
local gd = {0, 0, 0, 0, 0, 0, 0, 0, 0}
local GF = {'torrents', 's', 'd', 'ps', 'v4', 'v6', 'expired', 'evIdle', 'evSize'}

local function pool(fam, done)
  if fam == 4 then
    return done and S4 or D4
  end
  return done and S6 or D6
end

local function subnetKey(net)
  return P .. ':n' .. net
end

local function count(state, delta)
  if state == 2 then
    redis.call('HINCRBY', C, 's', delta); gd[2] = gd[2] + delta
  elseif state == 1 then
    redis.call('HINCRBY', C, 'ps', delta); gd[4] = gd[4] + delta
  else
    redis.call('HINCRBY', C, 'd', delta); gd[3] = gd[3] + delta
  end
end

local function removePeer(id, r)
  redis.call('HDEL', P, id)
  redis.call('ZREM', T, id)
  count(r[1], -1)
  local done = r[1] ~= 0
  if r[7] ~= '' then
    redis.call('SREM', pool(4, done), id)
    redis.call('HINCRBY', C, 'v4', -1); gd[5] = gd[5] - 1
    if r[9] ~= '' then redis.call('SREM', subnetKey(r[9]), id) end
  end
  if r[8] ~= '' then
    redis.call('SREM', pool(6, done), id)
    redis.call('HINCRBY', C, 'v6', -1); gd[6] = gd[6] - 1
    if r[10] ~= '' then redis.call('SREM', subnetKey(r[10]), id) end
  end
end

-- Adds or moves the peer's address in family fam (slot 7/8, subnet slot 9/10); '' keeps what is known.
local function setAddress(id, r, fam, addr, net)
  if addr == '' then return end
  local slot, nslot = 7, 9
  if fam == 6 then slot, nslot = 8, 10 end
  if r[slot] == '' then
    redis.call('SADD', pool(fam, r[1] ~= 0), id)
    redis.call('HINCRBY', C, 'v' .. fam, 1); gd[fam == 4 and 5 or 6] = gd[fam == 4 and 5 or 6] + 1
    if net ~= '' then redis.call('SADD', subnetKey(net), id) end
  elseif r[nslot] ~= net then
    if r[nslot] ~= '' then redis.call('SREM', subnetKey(r[nslot]), id) end
    if net ~= '' then redis.call('SADD', subnetKey(net), id) end
  end
  r[slot] = addr
  r[nslot] = net
end

-- Removes up to LIMIT peers not seen since NOW - TTL; returns how many.
local function prune()
  local old = redis.call('ZRANGEBYSCORE', T, '-inf', NOW - TTL, 'LIMIT', 0, LIMIT)
  for _, id in ipairs(old) do
    local raw = redis.call('HGET', P, id)
    if raw then
      removePeer(id, cmsgpack.unpack(raw))
    else
      redis.call('ZREM', T, id)
    end
  end
  gd[7] = gd[7] + #old
  return #old
end

local function exists()
  return redis.call('EXISTS', C) == 1
end

local function create(base)
  redis.call('HSET', C, 'n', base)
  gd[1] = gd[1] + 1
end

-- Drops the swarm when it holds no peer and no snatch; returns whether it is still there.
local function dropIfEmpty()
  if redis.call('HLEN', P) == 0 and tonumber(redis.call('HGET', C, 'n') or '0') == 0 then
    redis.call('DEL', C, T)
    gd[1] = gd[1] - 1
    return false
  end
  return true
end

local function stats()
  local c = redis.call('HMGET', C, 's', 'd', 'ps', 'n')
  return {tonumber(c[1] or '0'), tonumber(c[2] or '0'), tonumber(c[3] or '0'), tonumber(c[4] or '0')}
end

-- alive: 1 the swarm was touched by an announce, 0 it is gone, -1 neither.
local function applyGlobal(g, sw, deltas, alive, hex, now)
  for i = 1, #GF do
    local v = tonumber(deltas[i])
    if v ~= 0 then redis.call('HINCRBY', g, GF[i], v) end
  end
  if alive == 1 then
    redis.call('ZADD', sw, now, hex)
  elseif alive == 0 then
    redis.call('ZREM', sw, hex)
  end
end

-- Standalone: totals in the same script; Cluster: handed back to the caller.
local function finish(alive, result)
  if G then
    applyGlobal(G, SW, gd, alive, HEX, NOW)
  end
  result[#result + 1] = gd
  result[#result + 1] = alive
  return result
end
