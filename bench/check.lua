-- wrk script: the requests of bench/announce.lua (or of the wrk script named by CHECKED, e.g.
-- bench/scrape.lua), with every answer checked (used for warm-up by bench/http.sh and as the answer
-- check of bench/compare.sh, run from the repository root). Prints how many answers were not HTTP 200
-- with a bencoded dictionary, how many were tracker failures, and the peers handed out per answer.
--   PREFIX= wrk -t1 -c64 -d5s -s bench/check.lua http://127.0.0.1:PORT
--   CHECKED=bench/scrape.lua wrk -t1 -c64 -d5s -s bench/check.lua http://127.0.0.1:PORT
dofile(os.getenv("CHECKED") or "bench/announce.lua")

local threads = {}
bad = 0
failures = 0
answers = 0
peerBytes = 0

setup = function(thread)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  answers = answers + 1
  if status ~= 200 or body:sub(1, 1) ~= "d" or body:sub(-1) ~= "e" then
    bad = bad + 1
  elseif body:find("failure reason", 1, true) then
    failures = failures + 1
  else
    local n = body:match("5:peers(%d+):")
    if n then peerBytes = peerBytes + tonumber(n) end
  end
end

done = function(summary, latency, requests)
  local a, b, f, p = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("answers")
    b = b + t:get("bad")
    f = f + t:get("failures")
    p = p + t:get("peerBytes")
  end
  io.write(string.format("checked %d answers: %d malformed, %d failures, %.1f peers per answer\n",
    a, b, f, a > 0 and p / 6 / a or 0))
end
