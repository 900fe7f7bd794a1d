-- RedisStore's merge (concurrency: 'merge'), run atomically by the server: a request's changed
-- top-level members and its cookie applied onto the session's JSON as stored now. Redis's
-- cjson would reorder members, so the stored text is walked as text, exactly as the native
-- MemoryStore's merge walks it (core/src/memory_store/merge.rs, json.rs): a member set keeps
-- its place, a new one is appended, the cookie stays where it was, everything else keeps its
-- text. Keys are compared raw (escapes kept), as JSON.stringify writes them.
--
-- KEYS[1]  the session's key
-- ARGV[1]  EX seconds, or '' for no expiry (disableTTL)
-- ARGV[2]  the cookie's JSON
-- ARGV[3]  n, the number of members set; ARGV[4 .. 3 + 2n] their raw keys and value texts
-- ARGV[4 + 2n ..]  the raw keys of the members removed
--
-- Answers 0 when there is no session (destroyed or expired meanwhile: it is not brought
-- back), 1 when merged, 2 when the stored text is not a JSON object (nothing written).

local byte, find, sub = string.byte, string.find, string.sub
local QUOTE, BACKSLASH, COLON, COMMA = 34, 92, 58, 44
local OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY = 123, 125, 91

local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end

local cookie = ARGV[2]
local count = tonumber(ARGV[3])
local set, order, removed = {}, {}, {}
for i = 0, count - 1 do
  local key = ARGV[4 + 2 * i]
  if set[key] == nil then
    set[key] = ARGV[5 + 2 * i]
    order[#order + 1] = key
  end
end
for i = 4 + 2 * count, #ARGV do removed[ARGV[i]] = true end

-- The first index at or after `at` that is not JSON whitespace (past the end if none).
local function skip_space (at)
  return find(stored, '[^ \t\n\r]', at) or #stored + 1
end

-- The index just past the string opening at `at`, or nil.
local function string_end (at)
  local from = at + 1
  while true do
    local found = find(stored, '["\\]', from)
    if not found then return nil end
    if byte(stored, found) == BACKSLASH then
      from = found + 2
    else
      return found + 1
    end
  end
end

-- The index just past the object or array opening at `at`, or nil.
local function container_end (at)
  local depth = 0
  local from = at
  while true do
    local found = find(stored, '[%[%]{}"]', from)
    if not found then return nil end
    local c = byte(stored, found)
    if c == QUOTE then
      from = string_end(found)
      if not from then return nil end
    else
      if c == OPEN_OBJECT or c == OPEN_ARRAY then
        depth = depth + 1
      else
        if depth == 0 then return nil end
        depth = depth - 1
        if depth == 0 then return found + 1 end
      end
      from = found + 1
    end
  end
end

-- The index just past the number, true, false or null starting at `at`, or nil.
local function scalar_end (at)
  local found = find(stored, '[,}%] \t\n\r]', at) or #stored + 1
  if found > at then return found end
  return nil
end

local function value_end (at)
  local c = byte(stored, at)
  if c == nil then return nil end
  if c == QUOTE then return string_end(at) end
  if c == OPEN_OBJECT or c == OPEN_ARRAY then return container_end(at) end
  return scalar_end(at)
end

local out = {}
local placed = {}
local has_cookie = false

local function push (key, value)
  out[#out + 1] = '"' .. key .. '":' .. value
end

local function keep (key, value)
  if key == 'cookie' then
    if not has_cookie then
      push('cookie', cookie)
      has_cookie = true
    end
  elseif removed[key] then
    -- Deleted by the request.
  elseif set[key] ~= nil then
    if not placed[key] then
      push(key, set[key])
      placed[key] = true
    end
  else
    push(key, value)
  end
end

-- Walks the stored object's members through keep(); false when it is not a well-formed object.
local function walk ()
  local at = skip_space(1)
  if byte(stored, at) ~= OPEN_OBJECT then return false end
  at = skip_space(at + 1)
  if byte(stored, at) == CLOSE_OBJECT then return skip_space(at + 1) == #stored + 1 end
  while true do
    if byte(stored, at) ~= QUOTE then return false end
    local key_end = string_end(at)
    if not key_end then return false end
    local key = sub(stored, at + 1, key_end - 2)
    at = skip_space(key_end)
    if byte(stored, at) ~= COLON then return false end
    at = skip_space(at + 1)
    local after = value_end(at)
    if not after then return false end
    keep(key, sub(stored, at, after - 1))
    at = skip_space(after)
    local c = byte(stored, at)
    if c == COMMA then
      at = skip_space(at + 1)
    elseif c == CLOSE_OBJECT then
      return skip_space(at + 1) == #stored + 1
    else
      return false
    end
  end
end

if not walk() then return 2 end
for _, key in ipairs(order) do
  if not placed[key] and key ~= 'cookie' then push(key, set[key]) end
end
if not has_cookie then push('cookie', cookie) end

local merged = '{' .. table.concat(out, ',') .. '}'
if ARGV[1] == '' then
  redis.call('SET', KEYS[1], merged)
else
  redis.call('SET', KEYS[1], merged, 'EX', ARGV[1])
end
return 1
