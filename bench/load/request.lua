-- One fixed request with a bearer token: METHOD PATH TOKEN [BODY-FILE].
dofile("bench/load/timing.lua")
function init(args)
  method, path, token = args[1], args[2], args[3]
  body = nil
  if args[4] then
    local f = io.open(args[4], "r")
    body = f:read("*a")
    f:close()
  end
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token }
  if body then
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, path, headers, body)
end
