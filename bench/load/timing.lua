-- Server time of every response, from its Server-Timing header (app;dur=MS),
-- gathered from wrk's threads and printed as p50/p99 when the run ends.
-- Included by request.lua and approve.lua (wrk runs from the repository root).
-- With WRK_THINK_MS set, each connection is a user who waits that long after
-- each answer before the next request (wrk's delay()), instead of none.
local threads = {}

local think = tonumber(os.getenv("WRK_THINK_MS") or "")
if think and think > 0 then
  function delay()
    return think
  end
end

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

server_ms = {}

function response(status, headers, body)
  local v = headers["server-timing"] or headers["Server-Timing"]
  if v then
    local ms = tonumber(v:match("dur=([%d%.]+)"))
    if ms then
      server_ms[#server_ms + 1] = ms
    end
  end
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local ms = t:get("server_ms")
    for _, v in ipairs(ms) do
      all[#all + 1] = v
    end
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then
      return 0
    end
    return all[math.max(1, math.ceil(#all * p))]
  end
  io.write(string.format("Server time (Server-Timing, %d responses): p50 %.2fms p99 %.2fms max %.2fms\n",
    #all, pct(0.5), pct(0.99), pct(1.0)))
end
