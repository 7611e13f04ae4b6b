-- The WebRTC swarm membership that several nodes share (RtcMembership). KEYS: 1 leechers zset, 2 seeders
-- zset (peer_id -> last announce, ms; a peer is in one of them), 3 peers hash (peer_id -> '<node>:<owner>',
-- the node holding the peer's WebSocket and its private-mode owner, 0 for none; and under the field '#n'
-- the swarm's snatches). ARGV: 1 op, 2 now (ms), 3 TTL (ms), then the op's own.
-- A peer is live while its last announce is less than TTL old: counts (ZCOUNT) and picks (by rank among
-- the live ones, which score highest) read the live peers only, so an expired peer never counts nor is
-- picked, whether or not it was pruned yet; each write prunes at most PRUNE expired peers a set, and the
-- keys expire TTL after the swarm's last announce, so a swarm every node forgot goes by itself.
local L, S, P = KEYS[1], KEYS[2], KEYS[3]
local OP, NOW, TTL = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local CUT = NOW - TTL
local PRUNE = 32

local function prune(key)
  local old = redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. CUT, 'LIMIT', 0, PRUNE)
  if #old > 0 then
    redis.call('ZREM', key, unpack(old))
    redis.call('HDEL', P, unpack(old))
  end
end

local function live(key)
  return redis.call('ZCOUNT', key, CUT, '+inf')
end

-- seeders, leechers, snatches
local function counts()
  return {live(S), live(L), tonumber(redis.call('HGET', P, '#n') or '0')}
end

local function remove(peer)
  redis.call('ZREM', L, peer)
  redis.call('ZREM', S, peer)
  redis.call('HDEL', P, peer)
end

-- The swarm's snatches go with its last peer, as in a node's memory.
local function dropIfEmpty()
  if redis.call('ZCARD', L) == 0 and redis.call('ZCARD', S) == 0 then
    redis.call('DEL', P)
  end
end

local function heldBy(rec, node)
  return rec and string.sub(rec, 1, #node + 1) == node .. ':'
end

local function nodeOf(rec)
  return string.sub(rec, 1, string.find(rec, ':', 1, true) - 1)
end

if OP == 'announce' then
  -- ARGV 4 peer_id, 5 node, 6 owner, 7 seeder, 8 completed, 9 stopped ('1' or '0')
  local peer, node, owner = ARGV[4], ARGV[5], ARGV[6]
  local seeder, completed, stopped = ARGV[7] == '1', ARGV[8] == '1', ARGV[9] == '1'
  prune(L)
  prune(S)
  local rec = redis.call('HGET', P, peer)
  if stopped then
    -- Only the node that holds the peer takes it out (another node's announce took the peer_id over).
    if heldBy(rec, node) then remove(peer) end
    dropIfEmpty()
    return counts()
  end
  local was = redis.call('ZSCORE', S, peer)
  if seeder and completed and not (was and tonumber(was) >= CUT) then
    redis.call('HINCRBY', P, '#n', 1)
  end
  if seeder then
    redis.call('ZREM', L, peer)
    redis.call('ZADD', S, NOW, peer)
  else
    redis.call('ZREM', S, peer)
    redis.call('ZADD', L, NOW, peer)
  end
  -- The latest announce holds the peer_id: a browser that reconnected to another node is reached there.
  redis.call('HSET', P, peer, node .. ':' .. owner)
  for _, k in ipairs({L, S, P}) do redis.call('PEXPIRE', k, TTL) end
  return counts()
elseif OP == 'pick' then
  -- ARGV 4 from (peer_id), 5 seeder, 6 owner, 7 max, 8 random seed; answers peer_id, node, peer_id, node...
  local from, seeder, owner, max = ARGV[4], ARGV[5] == '1', ARGV[6], tonumber(ARGV[7])
  math.randomseed(tonumber(ARGV[8]))
  local ldead = redis.call('ZCOUNT', L, '-inf', '(' .. CUT)
  local nl = redis.call('ZCARD', L) - ldead
  local sdead, ns = 0, 0
  if not seeder then
    -- A seeder's offers go to leechers alone; a leecher's to anyone.
    sdead = redis.call('ZCOUNT', S, '-inf', '(' .. CUT)
    ns = redis.call('ZCARD', S) - sdead
  end
  local n = nl + ns
  local out = {}
  local function at(r)
    if r < nl then return redis.call('ZRANGE', L, ldead + r, ldead + r)[1] end
    return redis.call('ZRANGE', S, sdead + r - nl, sdead + r - nl)[1]
  end
  local function consider(m)
    if not m or m == from then return end
    local rec = redis.call('HGET', P, m)
    if not rec then return end
    local node = nodeOf(rec)
    if owner ~= '0' and string.sub(rec, #node + 2) == owner then return end
    out[#out + 1] = m
    out[#out + 1] = node
  end
  if max <= 0 or n == 0 then return out end
  -- At most BUDGET peers are looked at (the sender and its owner's peers are skipped on the way).
  local budget = 4 * max + 8
  if n <= budget then
    -- Few: every live peer in random order, until max are found; nobody eligible is missed.
    local ranks = {}
    for i = 0, n - 1 do ranks[i + 1] = i end
    for i = #ranks, 2, -1 do
      local j = math.random(i)
      ranks[i], ranks[j] = ranks[j], ranks[i]
    end
    for _, r in ipairs(ranks) do
      if #out >= 2 * max then break end
      consider(at(r))
    end
  else
    -- Many: distinct random ranks, O(log n) each.
    local used, seen, draws = {}, 0, 0
    while #out < 2 * max and seen < budget and draws < 4 * budget do
      draws = draws + 1
      local r = math.random(n) - 1
      if not used[r] then
        used[r] = true
        seen = seen + 1
        consider(at(r))
      end
    end
  end
  return out
elseif OP == 'holder' then
  -- ARGV 4 peer_id; answers {node}, or {} when no live peer has that id
  local peer = ARGV[4]
  local rec = redis.call('HGET', P, peer)
  local seen = redis.call('ZSCORE', L, peer) or redis.call('ZSCORE', S, peer)
  if not rec or not seen or tonumber(seen) < CUT then return {} end
  return {nodeOf(rec)}
elseif OP == 'leave' then
  -- ARGV 4 peer_id, 5 node
  if heldBy(redis.call('HGET', P, ARGV[4]), ARGV[5]) then remove(ARGV[4]) end
  dropIfEmpty()
  return {}
elseif OP == 'stats' then
  return counts()
end
return redis.error_reply('unknown op')
