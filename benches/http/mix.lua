-- wrk script: cycles through the labeled query mix (benches/queries/topics.tsv), each thread
-- starting at a different offset, and requests /search?q=<query> for each.
local paths = {}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local topics = os.getenv("TOPICS") or "benches/queries/topics.tsv"
for line in io.lines(topics) do
  local query = line:match("^[^\t]+\t(.*)$")
  if query and query:match("%S") then
    paths[#paths + 1] = "/search?q=" .. urlencode(query)
  end
end

local counter = 0
local next_thread = 0

function setup(thread)
  thread:set("offset", next_thread * 97)
  next_thread = next_thread + 1
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors (status/connect/read/write/timeout) %d/%d/%d/%d/%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  io.write(string.format("throughput %.0f req/s\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("latency p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
