-- wrk script: realistic HTTP announces over 10k torrents.
--   wrk -t1 -c64 -d15s -s bench/announce.lua http://127.0.0.1:PORT
--   PREFIX=/trivial wrk ... (the same requests to the trivial servlet of dev.karuta.bench.BenchServer)
-- A population of 200k peers, each in one of the 10k torrents (20 per torrent, a third of them
-- seeders with left=0), announces at random: the first announce of a peer in this wrk run carries
-- event=started, the rest are the re-announces that make up most of a real tracker's traffic.
-- compact=1, numwant=50, a key per peer. info_hash (20 pseudo-random bytes) and the 12 random bytes of
-- peer_id (after an Azureus-style "-KB0100-" prefix) are percent-encoded byte by byte, as strict
-- clients do. Hashes, ids and ports are a fixed function of the torrent and peer number, so every run
-- (and every round of bench/http.sh) announces the same population. The generator (MINSTD, products
-- below 2^53) is exact in LuaJIT's doubles.

local prefix = os.getenv("PREFIX") or ""
-- Private mode (bench/private.sh): USERS=n puts each peer's passkey (its user number, 1..n, as 32
-- zero-padded digits) in the path, and its uploaded/downloaded totals grow by 16 KiB per announce so
-- that every re-announce is credited. ACCOUNT=1 makes the totals grow without passkeys (the public
-- side of the same comparison).
local users = tonumber(os.getenv("USERS") or "0")
local account = users > 0 or os.getenv("ACCOUNT") == "1"
local totals = {}
local torrents = 10000
local peers = 200000
local M = 2147483647
local hashes = {}
local ids = {}
local seen = {}

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

init = function(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  for t = 1, torrents do hashes[t] = escaped(20, t, 1) end
end

request = function()
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
    .. event .. "&numwant=50&compact=1&no_peer_id=1&supportcrypto=1&redundant=0"
  return wrk.format("GET", path)
end
