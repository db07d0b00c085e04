-- wrk script: HTTP announces with random info-hashes (out of TORRENTS fixed ones, so both
-- trackers can whitelist them) and random peer ids and ports; compact=1, numwant default.
-- Info-hash i is the 20 ASCII bytes "bittern-bench-" .. string.format("%06d", i).
-- Env: TORRENTS (default 1000), CLOSE=1 adds "Connection: close".
local torrents = tonumber(os.getenv("TORRENTS") or "1000")
local hashes = {}

local function urlencode(s)
  return (s:gsub(".", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + (seed or 0))
  for i = 0, torrents - 1 do
    hashes[i] = urlencode(string.format("bittern-bench-%06d", i))
  end
  if os.getenv("CLOSE") == "1" then
    wrk.headers["Connection"] = "close"
  end
end

function request()
  local id = {}
  for i = 1, 12 do
    local k = math.random(1, #alphabet)
    id[i] = alphabet:sub(k, k)
  end
  local left = (math.random(1, 4) == 1) and 0 or 1000
  local path = "/announce?info_hash=" .. hashes[math.random(0, torrents - 1)]
    .. "&peer_id=-BB0001-" .. table.concat(id)
    .. "&port=" .. math.random(1024, 65535)
    .. "&uploaded=0&downloaded=0&left=" .. left .. "&compact=1&event=started"
  return wrk.format("GET", path)
end
