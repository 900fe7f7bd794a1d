'use strict'

// While a store works, the part of the response written before its callback (all but the
// last byte) waits in the socket until the check phase of this event-loop turn. A store
// that answers within the turn (express-session's MemoryStore calls back from setImmediate,
// queued before this) then has its response leave in one write, as behind the native
// store; a slower store's client still receives that part in this turn, before the store
// answers, as with express-session. The bytes are the same either way: only the number of
// socket writes differs (over HTTP, READ, Node 24, the second write cost 6–10 µs of server CPU
// per request behind express-session's MemoryStore).
//
// Node itself corks the socket at a response's first write and uncorks it on the next
// tick; this holds it one phase longer. Only a socket that carries this response (HTTP/1)
// is held, and it is released only while it still does: `end` uncorks it fully itself.

function holdUntilCheckPhase (res) {
  const socket = res.socket
  if (socket == null || socket._httpMessage !== res || typeof socket.cork !== 'function') return
  socket.cork()
  setImmediate(release, res, socket)
}

function release (res, socket) {
  if (!res.writableEnded && socket._httpMessage === res) socket.uncork()
}

module.exports = { holdUntilCheckPhase }
