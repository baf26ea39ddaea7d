-- wrk script for bench/loadtest.py: a mix of public URLs; counts errors per second.
-- bench/loadtest.py fills in the list of paths below. done() writes the latency quantiles
-- (1-99 %, then finer to 100 %), so that the runs of two wrk (one per app instance) can be
-- merged. Few of them: each percentile walks wrk's histogram.
local paths = {PATHS}
local counter = 0
-- Globals, so that done() can read them from every thread with thread:get().
errors = {}
statuses = {}

function setup(thread)
  thread:set("id", tostring(thread))
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(1, #paths)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  local second = os.time()
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 400 then
    errors[second] = (errors[second] or 0) + 1
  end
end

threads = {}
QUANTILES = {}
for i = 1, 99 do table.insert(QUANTILES, i) end
for i = 1, 9 do table.insert(QUANTILES, 99 + i / 10) end
for i = 1, 10 do table.insert(QUANTILES, 99.9 + i / 100) end

function done(summary, latency, requests)
  local merged_errors = {}
  local merged_statuses = {}
  for _, thread in ipairs(threads) do
    local e = thread:get("errors")
    for second, n in pairs(e) do merged_errors[second] = (merged_errors[second] or 0) + n end
    local s = thread:get("statuses")
    for status, n in pairs(s) do merged_statuses[status] = (merged_statuses[status] or 0) + n end
  end
  local out = {}
  for second, n in pairs(merged_errors) do table.insert(out, string.format('"%d": %d', second, n)) end
  local st = {}
  for status, n in pairs(merged_statuses) do table.insert(st, string.format('"%d": %d', status, n)) end
  io.write("JSON-RESULT {")
  io.write(string.format('"requests": %d, "duration_us": %d, ', summary.requests, summary.duration))
  io.write(string.format('"socket_errors": %d, ', summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format('"socket_errors_by_kind": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ',
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format('"non_2xx_3xx": %d, ', summary.errors.status))
  io.write(string.format('"p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ',
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write('"errors_per_second": {' .. table.concat(out, ", ") .. '}, ')
  io.write('"statuses": {' .. table.concat(st, ", ") .. '}, ')
  local quantiles = {}
  for _, p in ipairs(QUANTILES) do
    table.insert(quantiles, string.format("[%.2f, %.3f]", p, latency:percentile(p) / 1000))
  end
  io.write('"quantiles_ms": [' .. table.concat(quantiles, ", ") .. ']')
  io.write("}\n")
end
