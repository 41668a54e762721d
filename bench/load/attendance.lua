-- Attendance entry that writes: each request saves the day's sheet of the
-- session with every mark set to the next of present, absent, excused (each
-- wrk thread starting at its own one), so consecutive saves change the marks
-- instead of repeating a sheet the server already holds. run.sh counts the
-- saves that changed something from the audit log.
-- Arguments: PATH TOKEN DAY NOMINATION-IDS (comma-separated).
-- setup() (numbering the threads), response() and done() come from timing.lua.
dofile("bench/load/timing.lua")

local marks = { "present", "absent", "excused" }

function init(args)
  path, token, day = args[1], args[2], args[3]
  ids = {}
  for id in args[4]:gmatch("%d+") do
    table.insert(ids, id)
  end
  turn = index
end

function request()
  turn = turn + 1
  local mark = marks[turn % #marks + 1]
  local parts = {}
  for _, id in ipairs(ids) do
    table.insert(parts, '"' .. id .. '":"' .. mark .. '"')
  end
  local body = '{"day":"' .. day .. '","marks":{' .. table.concat(parts, ",") .. "}}"
  return wrk.format("PUT", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
