-- wrk script: one-torrent scrapes, as qBittorrent sends them, of the torrents of bench/announce.lua's
-- Zipf mode (a torrent is scraped as often as its peers announce: the draw of a random peer), with
-- the same headers. ZIPF=1 is implied; announce.lua's environment (PEERS, TORRENTS, ZIPF_S, PREFIX)
-- applies.
--   wrk -t1 -c64 -d15s -s bench/scrape.lua http://127.0.0.1:PORT
-- Run from the repository root (it loads bench/announce.lua).
if os.getenv("ZIPF") ~= "1" then
  -- announce.lua reads ZIPF when loaded; scraping is always Zipf-distributed
  local getenv = os.getenv
  os.getenv = function(name) if name == "ZIPF" then return "1" end return getenv(name) end
end
dofile("bench/announce.lua")
local prefix = os.getenv("PREFIX") or ""

request = function()
  return wrk.format("GET", prefix .. "/scrape?info_hash=" .. hashes[zipf_torrent()])
end
