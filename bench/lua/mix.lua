-- wrk drives the traffic mix of `manage.py bench --mix` with this script.
--
--   wrk -t2 -c32 -d30s --timeout 30s -s bench/lua/mix.lua http://127.0.0.1:PORT -- PLAN
--
-- PLAN (written by bench.mixplan) holds header sets ("H", number, header lines joined by
-- \31) and requests ("R", kind, method, path, header set, body), tab-separated, one a line.
-- Each wrk thread sends them in order from its own starting point, round and round.
--
-- wrk's figures cover all requests alike, so each request carries the kind and the moment it
-- was sent in an X-Bench header, which bench/wsgi.py sends back: the answer's latency is timed
-- here, exactly, per kind. At the end the counts are printed for bench.mix to read, one a line:
--   TALLY <kind> sent|answered|errors|slow|bytes <n>
--   TALLY <kind> status <status> <n>     (the wrong answers)
--   TALLY <kind> bucket <b> <n>          (answers in [1.02^b, 1.02^(b+1)) µs)
--   WRK requests=… seconds=… connect=… read=… write=… timeout=…
-- An answer is an error when its status is not the one its kind expects (a vote must also say
-- "Vote saved"), or when it came after SLOW_US.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local SLOW_US = 2e6 -- as bench.load.TIMEOUT_SECONDS
local BUCKET = math.log(1.02)
local EXPECTED = { vote = 200 } -- every other kind: 200 as well, a page view or a search

local threads = {}
local heads, tails, kinds = {}, {}, {}
local next_request = 1
tally = {} -- "kind\tfield" -> count: flat, so that thread:get copies it whole

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  local plan, threads_total = args[1], tonumber(args[2] or "2")
  local host = wrk.host .. ":" .. wrk.port
  local header_sets = {}
  for line in io.lines(plan) do
    local f = split(line)
    if f[1] == "H" then
      local lines = ""
      for header in (f[3] .. "\31"):gmatch("([^\31]*)\31") do
        if header ~= "" then
          lines = lines .. header .. "\r\n"
        end
      end
      header_sets[f[2]] = lines
    elseif f[1] == "R" and f[3] ~= "EDIT" then -- edits are bench.mixload's
      local kind, method, path, set, body = f[2], f[3], f[4], f[5], f[6] or ""
      table.insert(kinds, kind)
      table.insert(heads, method .. " " .. path .. " HTTP/1.1\r\nHost: " .. host .. "\r\n"
        .. header_sets[set] .. "X-Bench: " .. kind .. " ")
      if body ~= "" then
        table.insert(tails, "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          .. "Content-Length: " .. #body .. "\r\n\r\n" .. body)
      else
        table.insert(tails, "\r\n\r\n")
      end
    end
  end
  -- Threads start apart, so they do not send the same requests at the same moment.
  next_request = math.floor(#heads * number / threads_total) + 1
end

local function add(key, n)
  tally[key] = (tally[key] or 0) + n
end

function request()
  local i = next_request
  next_request = i % #heads + 1
  add(kinds[i] .. "\tsent", 1)
  return heads[i] .. string.format("%.0f", now_us()) .. tails[i]
end

function response(status, headers, body)
  local echo = headers["X-Bench"]
  if echo == nil then
    add("unknown\terrors", 1)
    return
  end
  local kind, sent = echo:match("^(%S+) (%d+)$")
  local latency = math.max(1, now_us() - tonumber(sent))
  add(kind .. "\tanswered", 1)
  add(kind .. "\tbytes", #body)
  add(kind .. "\tbucket\t" .. math.floor(math.log(latency) / BUCKET), 1)
  local wrong = status ~= (EXPECTED[kind] or 200)
  if kind == "vote" and not wrong then
    wrong = body:find("Vote saved", 1, true) == nil
  end
  if wrong then
    add(kind .. "\terrors", 1)
    add(kind .. "\tstatus\t" .. status, 1)
  elseif latency > SLOW_US then -- an answer is one error at most
    add(kind .. "\tslow", 1)
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("tally")) do
      totals[key] = (totals[key] or 0) + n
    end
  end
  for key, n in pairs(totals) do
    io.write("TALLY\t" .. key .. "\t" .. string.format("%d", n) .. "\n")
  end
  local e = summary.errors
  io.write(string.format("WRK\trequests=%d\tseconds=%.6f\tconnect=%d\tread=%d\twrite=%d\ttimeout=%d\n",
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.timeout))
end
