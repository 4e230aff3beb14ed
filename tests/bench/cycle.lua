-- wrk script: send the paths of a file in turn and count the responses.
--
-- Arguments after `--`: PATHS_FILE THREADS [DONE_PREFIX [COOKIE]].
--   PATHS_FILE   one request path per line, such as /en-US/firefox/
--   THREADS      the number of threads given to wrk with --threads
--   DONE_PREFIX  empty, or a path prefix: then each thread stops after
--                its share of the list and creates DONE_PREFIX<thread>,
--                so the threads together request every path once
--   COOKIE       a Cookie header to send with every request, or empty
--
-- Thread t of n starts at line t and steps by n, so the threads request
-- disjoint paths. done() prints one line, "BENCH-RESULT " and then JSON,
-- with wrk's figures and the counts the threads kept.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local paths = {}
local position = 0
local share = 0
local step = 1
local done_prefix = ""

responses = 0
hits = 0
stale = 0
misses = 0
uncached = 0
status_2xx = 0
status_3xx = 0
status_4xx = 0
status_5xx = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open " .. args[1])
  for line in file:lines() do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. args[1])
  -- wrk runs setup() and then init() for one thread before it sets up
  -- the next, so the thread count comes as an argument.
  step = assert(tonumber(args[2]), "THREADS must be a number")
  done_prefix = args[3] or ""
  if args[4] ~= nil and args[4] ~= "" then
    wrk.headers["Cookie"] = args[4]
  end
  wrk.headers["Accept-Encoding"] = "gzip"
  position = thread_index
  share = math.floor((#paths - thread_index + step - 1) / step)
end

function request()
  local path = paths[position % #paths + 1]
  position = position + step
  return wrk.format("GET", path)
end

function response(status, headers, body)
  responses = responses + 1
  if status < 300 then
    status_2xx = status_2xx + 1
  elseif status < 400 then
    status_3xx = status_3xx + 1
  elseif status < 500 then
    status_4xx = status_4xx + 1
  else
    status_5xx = status_5xx + 1
  end
  local cache = headers["x-cache"] or headers["X-Cache"]
  if cache == "HIT" then
    hits = hits + 1
  elseif cache == "STALE" then
    stale = stale + 1
  elseif cache == "MISS" then
    misses = misses + 1
  else
    uncached = uncached + 1
  end
  if done_prefix ~= "" and responses == share then
    local marker = assert(io.open(done_prefix .. thread_index, "w"))
    marker:close()
    wrk.thread:stop()
  end
end

local counters = {
  "responses", "hits", "stale", "misses", "uncached",
  "status_2xx", "status_3xx", "status_4xx", "status_5xx",
}

function done(summary, latency, requests)
  local totals = {}
  for _, name in ipairs(counters) do
    totals[name] = 0
  end
  for _, thread in ipairs(threads) do
    for _, name in ipairs(counters) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local fields = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_us":%d', summary.duration),
    string.format('"bytes":%d', summary.bytes),
    string.format('"errors_connect":%d', summary.errors.connect),
    string.format('"errors_read":%d', summary.errors.read),
    string.format('"errors_write":%d', summary.errors.write),
    string.format('"errors_status":%d', summary.errors.status),
    string.format('"errors_timeout":%d', summary.errors.timeout),
    string.format('"latency_mean_us":%.1f', latency.mean),
    string.format('"latency_max_us":%d', latency.max),
  }
  for _, p in ipairs({50, 90, 99, 99.9}) do
    fields[#fields + 1] = string.format(
      '"latency_p%s_us":%d', tostring(p):gsub("%.", "_"), latency:percentile(p)
    )
  end
  for _, name in ipairs(counters) do
    fields[#fields + 1] = string.format('"%s":%d', name, totals[name])
  end
  io.write("BENCH-RESULT {" .. table.concat(fields, ",") .. "}\n")
end
