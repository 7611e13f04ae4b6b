-- wrk script: realistic HTTP announces over 10k torrents.
--   wrk -t1 -c64 -d15s -s bench/announce.lua http://127.0.0.1:PORT
-- A population of 200k peers, each in one of the 10k torrents (20 per torrent on average, a third of
-- them seeders), announces at random: the first announce of a peer carries event=started, the rest
-- are the re-announces that make up most of a real tracker's traffic. Every byte of info_hash and
-- peer_id is percent-encoded as strict clients do. PREFIX (env) is prepended to the path, e.g.
-- /trivial for the trivial servlet.

local prefix = os.getenv("PREFIX") or ""
local torrents = 10000
local peers = 200000
local hashes = {}
local ids = {}
local seen = {}

local function escape20(seed, salt)
  local parts = {}
  local x = seed * 2654435761 + salt
  for i = 1, 20 do
    x = (x * 1103515245 + 12345) % 2147483648
    parts[i] = string.format("%%%02x", x % 256)
  end
  return table.concat(parts)
end

init = function(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  for t = 1, torrents do hashes[t] = escape20(t, 7) end
end

request = function()
  local p = math.random(peers)
  local t = (p * 7) % torrents + 1
  local id = ids[p]
  if id == nil then
    id = escape20(p, 13)
    ids[p] = id
  end
  local event = ""
  if not seen[p] then
    seen[p] = true
    event = "&event=started"
  end
  local left = (p % 3 == 0) and 0 or 1048576
  local path = prefix .. "/announce?info_hash=" .. hashes[t] .. "&peer_id=" .. id
    .. "&port=" .. (10000 + p % 50000) .. "&uploaded=0&downloaded=0&left=" .. left
    .. "&key=" .. string.format("%08x", p) .. "&numwant=50&compact=1&no_peer_id=1" .. event
  return wrk.format("GET", path)
end
