-- wrk script: realistic HTTP announces over 10k torrents.
--   wrk -t1 -c64 -d15s -s bench/announce.lua http://127.0.0.1:PORT
--   PREFIX=/trivial wrk ... (the same requests to the trivial servlet of dev.karuta.bench.BenchServer)
--   ZIPF=1 wrk ...          (the Zipf mode below, as bench/compare.sh runs it)
-- Even mode (ZIPF unset or 0, the default): a population of 200k peers, each in one of the 10k
-- torrents (20 per torrent, a third of them seeders with left=0), announces at random: the first
-- announce of a peer in this wrk run carries event=started, the rest are the re-announces that make
-- up most of a real tracker's traffic.
-- compact=1, numwant=50, a key per peer. info_hash (20 pseudo-random bytes) and the 12 random bytes of
-- peer_id (after an Azureus-style "-KB0100-" prefix) are percent-encoded byte by byte, as strict
-- clients do. Hashes, ids and ports are a fixed function of the torrent and peer number, so every run
-- (and every round of bench/http.sh) announces the same population. The generator (MINSTD, products
-- below 2^53) is exact in LuaJIT's doubles.
--
-- Zipf mode (ZIPF=1): torrents as popular as a swarm is in the wild. Environment (defaults):
--   PEERS=200000     simulated peers; peer p belongs to the torrent of its Zipf draw (a fixed function
--                    of p), so a torrent's share of peers, and of announces, is that of the draw
--   TORRENTS=10000   torrents (the k-th most popular has weight 1/k^ZIPF_S; the same info_hashes as
--                    the even mode, so one opentracker whitelist serves both)
--   ZIPF_S=1.0       the Zipf exponent
--   SEEDERS=0.33     the share of peers that are seeders (left=0) from the start
--   STOPPED=0.01     the share of re-announces that are event=stopped (the peer's next one is started)
--   COMPLETED=0.005  the share of a leecher's re-announces that are event=completed (a seeder from then on)
-- Every peer's first announce of the run (and its first after a stop) is event=started. The peer_id
-- is qBittorrent's ("-qB4650-" and 12 percent-encoded bytes) and the request carries qBittorrent
-- 4.6's headers (User-Agent, Accept-Encoding: gzip); the query is libtorrent's (corrupt, key, numwant
-- 50, compact=1, no_peer_id, supportcrypto, redundant). bench/c/udp-load.c draws the same
-- population over UDP, bench/scrape.lua scrapes its torrents. Public mode only (USERS and ACCOUNT
-- are not read in Zipf mode).
--
-- ADDRESSES=1 (both modes; default off, bench/redis.sh sets it): each peer announces from an address
-- of its own, ip=10.x.y.z, a fixed function of the peer number (times an odd multiplier modulo 2^24,
-- so no two peers share one) spread over 10/8: a /24 holds one or two peers at 20k peers, two to four
-- at 200k. bench/c/udp-load.c puts the same address in the BEP 15 announce's IP field. The tracker
-- takes it with karuta.ip.trustClientSupplied=true (a private address from a loopback requester);
-- from the one loopback address, karuta.peers.perAddress (64) would cap every swarm at 64 peers,
-- each new one replacing one: not the load of a real swarm.

local prefix = os.getenv("PREFIX") or ""
-- Private mode (bench/private.sh): USERS=n puts each peer's passkey (its user number, 1..n, as 32
-- zero-padded digits) in the path, and its uploaded/downloaded totals grow by 16 KiB per announce so
-- that every re-announce is credited. ACCOUNT=1 makes the totals grow without passkeys (the public
-- side of the same comparison).
local users = tonumber(os.getenv("USERS") or "0")
local account = users > 0 or os.getenv("ACCOUNT") == "1"
local totals = {}
local addresses = os.getenv("ADDRESSES") == "1"
local ips = {}
zipf = os.getenv("ZIPF") == "1"
local function envnum(name, default) return tonumber(os.getenv(name) or "") or default end
torrents = zipf and envnum("TORRENTS", 10000) or 10000
local peers = zipf and envnum("PEERS", 200000) or 200000
local zipf_s = envnum("ZIPF_S", 1.0)
local seeders = envnum("SEEDERS", 0.33)
local stopped = envnum("STOPPED", 0.01)
local completed = envnum("COMPLETED", 0.005)
local M = 2147483647
hashes = {}
local ids = {}
local seen = {}
local cdf = {}
local peer_torrent = {}
local seeder = {}

-- n pseudo-random bytes for (seed, salt), each as %XX.
local function escaped(n, seed, salt)
  local x = (seed * 7919 + salt * 104729) % M
  if x == 0 then x = 1 end
  local parts = {}
  for i = 1, n do
    x = (x * 48271) % M
    parts[i] = string.format("%%%02X", math.floor(x / 8388608) % 256)
  end
  return table.concat(parts)
end

-- A number in [0, 1) fixed by (seed, salt) (bench/c/udp-load.c's minstd_uniform).
local function uniform_of(seed, salt)
  local x = (seed * 7919 + salt * 104729) % M
  if x == 0 then x = 1 end
  x = (x * 48271) % M
  x = (x * 48271) % M
  return x / M
end

init = function(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  for t = 1, torrents do hashes[t] = escaped(20, t, 1) end
  if zipf then
    local sum = 0
    for t = 1, torrents do
      sum = sum + t ^ -zipf_s
      cdf[t] = sum
    end
    wrk.headers["User-Agent"] = "qBittorrent/4.6.5"
    wrk.headers["Accept-Encoding"] = "gzip"
  end
end

-- "&ip=10.x.y.z" for peer p under ADDRESSES=1 (bench/c/udp-load.c's address_of), else "".
local function ip_of(p)
  if not addresses then return "" end
  local ip = ips[p]
  if ip == nil then
    local a = (p * 10368889) % 16777216
    ip = "&ip=10." .. math.floor(a / 65536) .. "." .. math.floor(a / 256) % 256 .. "." .. a % 256
    ips[p] = ip
  end
  return ip
end

-- Zipf mode: the torrent of peer p (the first whose cumulative weight reaches p's draw), cached.
local function torrent_of(p)
  local t = peer_torrent[p]
  if t == nil then
    local u = uniform_of(p, 3) * cdf[torrents]
    local lo, hi = 1, torrents
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
    end
    t = lo
    peer_torrent[p] = t
    seeder[p] = uniform_of(p, 4) < seeders
  end
  return t
end

-- Zipf mode: a random peer's torrent (bench/scrape.lua scrapes it).
zipf_torrent = function()
  return torrent_of(math.random(peers))
end

local function zipf_request()
  local p = math.random(peers)
  local t = torrent_of(p)
  local id = ids[p]
  if id == nil then
    id = "-qB4650-" .. escaped(12, p, 2)
    ids[p] = id
  end
  local event = ""
  local r = math.random()
  if not seen[p] then
    seen[p] = true
    event = "&event=started"
  elseif r < stopped then
    seen[p] = false
    event = "&event=stopped"
  elseif not seeder[p] and r < stopped + completed then
    seeder[p] = true
    event = "&event=completed"
  end
  local left = seeder[p] and 0 or 1048576
  local path = prefix .. "/announce?info_hash=" .. hashes[t] .. "&peer_id=" .. id
    .. "&port=" .. (1024 + (p * 40503) % 64000) .. "&uploaded=0&downloaded=0&left=" .. left
    .. "&corrupt=0&key=" .. string.format("%08X", (p * 2654435761) % 4294967296)
    .. event .. ip_of(p) .. "&numwant=50&compact=1&no_peer_id=1&supportcrypto=1&redundant=0"
  return wrk.format("GET", path)
end

request = function()
  if zipf then return zipf_request() end
  local p = math.random(peers)
  local t = (p * 7) % torrents + 1
  local id = ids[p]
  if id == nil then
    id = "-KB0100-" .. escaped(12, p, 2)
    ids[p] = id
  end
  local event = ""
  if not seen[p] then
    seen[p] = true
    event = "&event=started"
  end
  local left = (p % 3 == 0) and 0 or 1048576
  local up, down = 0, 0
  if account then
    local n = (totals[p] or 0) + 16384
    totals[p] = n
    up = n
    down = (left == 0) and 0 or n
  end
  local key = ""
  -- The user is a pseudo-random function of the peer (p % users would give every peer of a torrent
  -- the same user, who is never handed their own peers).
  if users > 0 then key = "/" .. string.format("%032d", (p * 48271) % M % users + 1) end
  local path = prefix .. key .. "/announce?info_hash=" .. hashes[t] .. "&peer_id=" .. id
    .. "&port=" .. (1024 + (p * 40503) % 64000) .. "&uploaded=" .. up .. "&downloaded=" .. down .. "&left=" .. left
    .. "&corrupt=0&key=" .. string.format("%08X", (p * 2654435761) % 4294967296)
    .. event .. ip_of(p) .. "&numwant=50&compact=1&no_peer_id=1&supportcrypto=1&redundant=0"
  return wrk.format("GET", path)
end
