-- Each request approves a different nomination awaiting the sending party's key.
-- The pool file has one "ID TOKEN" line per nomination; wrk's threads take
-- disjoint shares of it. When a thread's share is spent it repeats its last
-- one, which answers 409 and shows as non-2xx in the report.
-- setup() (numbering the threads), response() and done() come from timing.lua.
dofile("bench/load/timing.lua")

function init(args)
  local total = tonumber(args[2])
  pool = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % total == index then
      local id, token = line:match("(%d+) (%S+)")
      table.insert(pool, { id = id, token = token })
    end
    n = n + 1
  end
  next_one = 1
end

function request()
  local item = pool[math.min(next_one, #pool)]
  next_one = next_one + 1
  return wrk.format("POST", "/api/v1/nominations/" .. item.id .. "/approve", {
    ["Authorization"] = "Bearer " .. item.token,
    ["Content-Type"] = "application/json",
  }, '{"comment":"approved under load"}')
end
