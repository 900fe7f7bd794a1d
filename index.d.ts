// Type definitions for express-session-rs: the express-session 1.19 API over a Rust core.
//
// The module is CommonJS (`module.exports = session`, with the classes hung off it), so it
// is typed as `export = session` plus a namespace of the same name. All of these work:
//
//   import session from 'express-session-rs'            // with esModuleInterop
//   import session = require('express-session-rs')
//   import { Store, SessionData } from 'express-session-rs'
//
// Session fields are declared by merging into `SessionData` under this package's name:
//
//   declare module 'express-session-rs' {
//     interface SessionData { userId: string }
//   }

import express = require('express')
import { EventEmitter } from 'events'

declare global {
  namespace Express {
    // What the session middleware puts on every request it handles. The properties are
    // typed as always present: they are, in any handler mounted after the middleware.
    interface Request {
      /**
       * The session of this request: a `Session` carrying the fields of `SessionData`,
       * each of which may not have been set yet. Assigning `null` or `undefined` unsets
       * it, with the effect chosen by the `unset` option.
       */
      get session(): session.Session & Partial<session.SessionData>
      set session(value: session.Session & Partial<session.SessionData> | null | undefined)

      /** The ID of this request's session (read only in practice: it is set by the middleware). */
      sessionID: string

      /** The store the middleware uses, with the `generate` function the middleware adds to it. */
      sessionStore: session.Store & { generate(req: express.Request): void }
    }
  }
}

/**
 * Creates the session middleware.
 *
 * `secret` is required, as express-session documents it (at run time a `req.secret` set by
 * cookie-parser is still used when it is missing). `resave` and `saveUninitialized` should
 * be given explicitly, as relying on their defaults (`true`) is deprecated.
 */
declare function session(options?: session.SessionOptions): express.RequestHandler

declare namespace session {
  /** A secret accepted for signing: a string, or bytes (a Buffer or any other typed array / DataView). */
  type SessionSecret = string | Buffer | NodeJS.ArrayBufferView

  interface SessionOptions {
    /**
     * The secret used to sign the session ID cookie, or a list of them. With a list, the
     * first one signs new cookies and every one is tried when verifying a cookie, which lets
     * a secret be rotated without logging everybody out. Use at least 32 random bytes.
     */
    secret: SessionSecret | SessionSecret[]

    /**
     * Returns the ID for a new session; it is given the request. The default is a random
     * 32-character base64url ID, like express-session's `uid-safe` one. IDs must be unique.
     */
    genid?(req: express.Request): string

    /** Name of the session ID cookie. Default `'connect.sid'`. */
    name?: string | undefined

    /**
     * Name of the session ID cookie, used only when `name` is not given.
     * @deprecated Use `name`.
     */
    key?: string | undefined

    /**
     * Where sessions are kept; it must implement `get`, `set` and `destroy`. Default: a new
     * native `MemoryStore`, fit for production on a single process (expired sessions are swept).
     */
    store?: Store | undefined

    /**
     * Settings of the session ID cookie, or a function returning them for a request
     * (called for each request the middleware handles, and again on `regenerate`).
     * Default `{ path: '/', httpOnly: true, secure: false, maxAge: null }`.
     */
    cookie?: CookieOptions | ((req: express.Request) => CookieOptions) | undefined

    /**
     * Whether to trust the reverse proxy's `X-Forwarded-Proto` header when deciding if the
     * connection is secure: `true` trusts it, `false` only believes a direct TLS connection,
     * `undefined` (the default) follows Express's "trust proxy" setting (`req.secure`).
     */
    proxy?: boolean | undefined

    /**
     * Save the session to the store at the end of every request, even when it was not
     * modified. Default `true`, but relying on the default is deprecated; `false` is what
     * most applications want, particularly with a store that implements `touch`.
     */
    resave?: boolean | undefined

    /**
     * Send the cookie (with a fresh expiry) on every response instead of only when the
     * session is new or changed. Default `false`.
     */
    rolling?: boolean | undefined

    /**
     * Save sessions that are new and unmodified. Default `true`, but relying on the default
     * is deprecated; `false` suits login sessions and cookie-consent rules.
     */
    saveUninitialized?: boolean | undefined

    /**
     * What happens when `req.session` is unset (deleted or set to `null`): `'destroy'`
     * deletes the session from the store at the end of the response, `'keep'` (the default)
     * leaves the stored session as it was and drops this request's changes.
     */
    unset?: 'destroy' | 'keep' | undefined

    /**
     * express-session-rs only. Whether the middleware switches Express's re-prototyped
     * requests and responses to dictionary properties, which makes the properties Express,
     * Node and the session add to them cheaper on V8 before 13 (Node 20 and 22) and is a
     * cost on later engines. Default: the environment variable
     * `EXPRESS_SESSION_RS_DICTIONARY_PROPERTIES` (`0` or `1`) when set, else on for V8 < 13
     * only. Nothing observable changes either way.
     */
    dictionaryProperties?: boolean | undefined

    /**
     * express-session-rs only. Milliseconds after its creation at which a session ends,
     * whatever `rolling`, `touch` and `resave` do: the next request that brings it gets a new,
     * empty session and the old one is destroyed in the store. The creation time is stored as
     * the session's `_createdAt` member (ms since the epoch). Default: no absolute timeout.
     */
    absoluteTimeout?: number | undefined

    /**
     * express-session-rs only. With a list of secrets: a cookie that verified with a secret
     * other than the first is set again, signed with the first, so that once every session
     * has been seen (or expired) the old secret can be removed. Default `false`.
     */
    rotateSecrets?: boolean | undefined

    /**
     * express-session-rs only. Milliseconds: the store's `touch` is skipped when the session
     * was last written (touched or saved, as its stored cookie tells) less than this long
     * ago. With `rolling`, the cookie is still refreshed on every response. Default: every
     * request touches, as express-session does.
     */
    touchAfter?: number | undefined

    /**
     * express-session-rs only. Hold the response's status line and headers until the store
     * has the session, so that a browser following a redirect the moment it sees the headers
     * always finds it (expressjs/session#360, #660, #167). A response written with
     * `res.write` before `res.end` stores the session before its first byte and its body is
     * delayed by that one store call. Default `false`: as express-session, the headers go out
     * at once and only the end of the body waits for the store.
     */
    saveBeforeHeaders?: boolean | undefined

    /**
     * express-session-rs only. `'merge'`: a request that loaded its session and kept its ID
     * writes only the top-level members it changed (set or deleted) onto the session as it
     * is stored when the request ends, so that overlapping requests no longer undo each
     * other's changes (expressjs/session#606, #917, #74). The native `MemoryStore` merges
     * atomically, `RedisStore` atomically on the server (one Lua script); another store does
     * when it implements `Store#merge`, and otherwise gets
     * the whole session as before. Default `'overwrite'`: the whole session is written, as
     * express-session does.
     */
    concurrency?: 'merge' | 'overwrite' | undefined
  }

  /**
   * What a request changed of its session, for `Store#merge`: the top-level members it set
   * (added, or changed as their JSON), with their values, and the names of those it deleted.
   * Never includes `cookie`.
   */
  interface SessionChanges {
    set: { [member: string]: unknown }
    unset: string[]
  }

  /** The attributes a session cookie has, as options and on the `Cookie` itself. */
  interface CookieAttributes {
    /** `Domain` attribute. Default: none (the cookie is for the current host only). */
    domain?: string | undefined

    /** `Path` attribute. Default `'/'`. Requests outside this path get no session. */
    path?: string | undefined

    /** `HttpOnly` attribute. Default `true`. */
    httpOnly?: boolean | undefined

    /**
     * `Secure` attribute. Default `false`. `'auto'` sets it exactly when the connection is
     * secure (see the `proxy` option); the cookie is not sent at all when `true` is given on
     * an insecure connection.
     */
    secure?: boolean | 'auto' | undefined

    /**
     * `SameSite` attribute: `true` or `'strict'` for `Strict`, `'lax'`, `'none'`, `false`
     * (the default) for no attribute, or `'auto'` for `None` on secure connections and `Lax`
     * otherwise.
     */
    sameSite?: boolean | 'lax' | 'strict' | 'none' | 'auto' | undefined

    /** `Partitioned` attribute (CHIPS). Default: not set. */
    partitioned?: boolean | undefined

    /** `Priority` attribute. Default: not set (browsers treat that as `'medium'`). */
    priority?: 'low' | 'medium' | 'high' | undefined
  }

  /** Settings of the session ID cookie. */
  interface CookieOptions extends CookieAttributes {
    /**
     * Lifetime of the cookie in milliseconds, from which its `Expires` is computed. `null`
     * (the default) makes a browser-session cookie. If both `maxAge` and `expires` are
     * given, the one written last in the object wins.
     */
    maxAge?: number | null | undefined

    /**
     * Fixed `Expires` date of the cookie.
     * @deprecated Use `maxAge`.
     */
    expires?: Date | null | undefined

    /**
     * Accepted and kept on the cookie, as express-session does, but without effect: the
     * session ID cookie is always signed.
     */
    signed?: boolean | undefined

    /**
     * Accepted and kept on the cookie, as express-session does, but without effect: the
     * signed session ID is always encoded with `encodeURIComponent`.
     */
    encode?: ((value: string) => string) | undefined
  }

  /** The attributes of a `Cookie` as `cookie.data`, `cookie.toJSON()` and stores see them. */
  interface CookieData extends CookieAttributes {
    originalMaxAge: number | null
    expires?: Date | null | undefined
  }

  /** A cookie has the attributes it was given (merged into the class below). */
  interface Cookie extends CookieAttributes {}

  /** The session ID cookie of one session, as `req.session.cookie`. */
  class Cookie {
    /** Settings are copied from `options` over the defaults (`path: '/'`, `httpOnly: true`, no expiry). */
    constructor(options?: CookieOptions)

    /**
     * Milliseconds the cookie has left (counting down from `originalMaxAge`), or `null` for
     * a browser-session cookie. Assigning a number sets `expires` to that far from now;
     * assigning `null` makes it a browser-session cookie.
     */
    get maxAge(): number | null | undefined
    set maxAge(ms: number | Date | null | undefined)

    /** When the cookie expires; `null` (or `false` when assigned) for a browser-session cookie. */
    get expires(): Date | null | undefined
    set expires(date: Date | null | false | undefined)

    /** The lifetime in milliseconds the cookie was given, or `null` for a browser-session cookie. */
    originalMaxAge: number | null

    signed?: boolean | undefined
    encode?: ((value: string) => string) | undefined

    /** The cookie's attributes as a plain object (what is stored with the session). */
    readonly data: CookieData

    /** The `Set-Cookie` header value for `name=value` with this cookie's attributes. */
    serialize(name: string, value: string): string

    /** Same as `data`: the form the cookie takes in the stored session JSON. */
    toJSON(): CookieData
  }

  /**
   * The fields of a session. It only declares `cookie`; an application declares its own
   * fields by merging into this interface:
   *
   * ```ts
   * declare module 'express-session-rs' {
   *   interface SessionData {
   *     userId: string
   *     views: number
   *   }
   * }
   * ```
   *
   * `req.session` then has them as optional (`Partial<SessionData>`), since any given
   * session may not have them yet.
   */
  interface SessionData {
    cookie: Cookie
  }

  /** Options of `req.session.regenerate(options, callback)` (express-session-rs only). */
  interface RegenerateOptions {
    /**
     * Which data members the new session keeps: `true` for all of them, or their names
     * (members the session does not have are skipped). The cookie is never kept. Default `false`.
     */
    keep?: boolean | ReadonlyArray<Extract<Exclude<keyof SessionData, 'cookie'>, string>> | undefined
  }

  /**
   * `req.session`: the session's data as its own properties, plus these members (which are
   * not enumerable and are not stored). With a callback, every method returns the session,
   * for chaining; without one, `save`, `reload`, `destroy` and `regenerate` return a Promise
   * that settles when the store has answered (express-session-rs only). Such a Promise is
   * never an unhandled rejection when nobody awaits it.
   */
  class Session {
    /** Makes the session of `req` (whose `sessionID` it takes), copying `data`'s fields onto it. */
    constructor(req: express.Request, data?: Partial<SessionData> | null)

    /** The session ID, the same as `req.sessionID`. It cannot be changed. */
    readonly id: string

    /** The session's cookie; changing it changes the cookie sent for this session. */
    cookie: Cookie

    /**
     * With the `absoluteTimeout` option: when the session was created (ms since the epoch),
     * stored with its data. Not set without the option.
     */
    _createdAt?: number

    /**
     * Replaces the session with a new, empty one under a new ID (the old one is destroyed
     * in the store). `req.session` is the new session when `callback` is called.
     */
    regenerate(callback: (err: any) => void): this
    /**
     * The same, copying into the new session the data members `options.keep` names (all of
     * them with `true`; never the cookie). express-session-rs only.
     */
    regenerate(options: RegenerateOptions, callback: (err: any) => void): this
    /** Without a callback: resolves with the new `req.session` once the old one is destroyed. */
    regenerate(options?: RegenerateOptions): Promise<Session & Partial<SessionData>>

    /** Deletes the session from the store and unsets `req.session`, then calls `callback`. */
    destroy(callback: (err: any) => void): this
    /** Without a callback: resolves once the store has deleted the session. */
    destroy(): Promise<void>

    /** Reads the session back from the store into `req.session`, then calls `callback`. */
    reload(callback: (err: any) => void): this
    /** Without a callback: resolves with the reloaded `req.session`. */
    reload(): Promise<Session & Partial<SessionData>>

    /**
     * Writes the session to the store now. This normally happens by itself at the end of
     * the response; call it before a redirect or in long-lived requests.
     */
    save(callback: (err: any) => void): this
    /** Without a callback: resolves once the store holds the session. */
    save(): Promise<void>

    /** Resets `cookie.maxAge` to `cookie.originalMaxAge` (the middleware calls it for you). */
    touch(): this

    /** Resets `cookie.maxAge` to `cookie.originalMaxAge`. */
    resetMaxAge(): this
  }

  /**
   * The base class of session stores. A store implements `get`, `set` and `destroy`, should
   * implement `touch` (it lets `resave: false` keep idle sessions alive), and may implement
   * `all`, `length` and `clear`. Stores emit `'disconnect'` and `'connect'`; while
   * disconnected the middleware lets requests through without a session.
   */
  abstract class Store extends EventEmitter {
    /**
     * Passes the session stored under `sid` to `callback`, or `null`/`undefined` when there
     * is none. An error whose `code` is `'ENOENT'` counts as "no session".
     */
    abstract get(sid: string, callback: (err: any, session?: SessionData | null) => void): void

    /** Stores `session` under `sid`, replacing what was there. */
    abstract set(sid: string, session: SessionData, callback?: (err?: any) => void): void

    /** Deletes the session stored under `sid`. */
    abstract destroy(sid: string, callback?: (err?: any) => void): void

    /** Marks the session under `sid` as active (typically pushing back its expiry) without rewriting it. */
    touch?(sid: string, session: SessionData, callback?: (err?: any) => void): void

    /**
     * Optional, for the middleware's `concurrency: 'merge'`. Atomically: takes the session
     * stored under `sid`, sets each member of `changes.set` on it, deletes each member named
     * in `changes.unset`, replaces its `cookie` with `session.cookie` (renewing its expiry as
     * `set` would) and stores it; when there is no session under `sid`, stores `session`
     * whole, as `set`. Without this method the middleware calls `set`.
     */
    merge?(sid: string, changes: SessionChanges, session: SessionData, callback?: (err?: any) => void): void

    /** Passes every stored session to `callback`, as an array or keyed by ID. */
    all?(callback: (err: any, sessions?: SessionData[] | { [sid: string]: SessionData } | null) => void): void

    /** Passes the number of stored sessions to `callback`. */
    length?(callback: (err: any, length?: number) => void): void

    /** Deletes every stored session. */
    clear?(callback?: (err?: any) => void): void

    /** Destroys the request's session and gives the request a new one (what `req.session.regenerate` calls). */
    regenerate(req: express.Request, callback: (err?: any) => any): void

    /** Reads the session under `sid` and passes it, as a `Session`, to `callback` (nothing if there is none). */
    load(sid: string, callback: (err: any, session?: Session & SessionData) => any): void

    /** Turns session data read from the store into `req.session` and returns it. */
    createSession(req: express.Request, session: SessionData): Session & SessionData
  }

  /** Options of the default store; every one is optional. */
  interface MemoryStoreOptions {
    /**
     * Idle lifetime, in ms, of sessions whose cookie has no `expires`, renewed by `set` and
     * `touch`. Default one day; `Infinity` or `false` keeps them forever (express-session's behaviour).
     */
    ttl?: number | false
    /** Time between sweeps of expired sessions, in ms (default 60000); `0`, `false` or `Infinity` turns the sweep off. */
    checkPeriod?: number | false
    /** At most this many sessions; the least recently used are evicted (default: no bound). */
    max?: number
    /** At most this many bytes of IDs and session JSON; the least recently used are evicted (default: no bound). */
    maxBytes?: number
  }

  /** What `MemoryStore#stats()` reports. */
  interface MemoryStoreStats {
    sessions: number
    bytes: number
    expirations: number
    evictions: number
    heapBytes: number
  }

  /**
   * The default store: sessions are kept in this process's native memory as JSON text.
   * Expired sessions are never returned and are removed by a periodic sweep that never keeps
   * the process alive; sessions without an expiry get an idle lifetime (`ttl`). It does not
   * share sessions between processes.
   */
  class MemoryStore extends Store {
    constructor(options?: MemoryStoreOptions)

    get(sid: string, callback: (err: any, session?: SessionData | null) => void): void
    set(sid: string, session: SessionData, callback?: (err?: any) => void): void
    destroy(sid: string, callback?: (err?: any) => void): void
    touch(sid: string, session: SessionData, callback?: (err?: any) => void): void
    merge(sid: string, changes: SessionChanges, session: SessionData, callback?: (err?: any) => void): void
    all(callback: (err: any, sessions?: { [sid: string]: SessionData } | null) => void): void
    length(callback: (err: any, length?: number) => void): void
    clear(callback?: (err?: any) => void): void

    /** A snapshot of the stored sessions as JSON text, by session ID (as express-session's MemoryStore has). */
    readonly sessions: { [sid: string]: string }

    /** The IDs of the unexpired sessions, oldest first. */
    ids(callback: (err: any, ids?: string[]) => void): void
    /** Removes expired sessions now; the callback gets how many. */
    prune(callback?: (err: any, removed?: number) => void): void
    /** Sessions and bytes held, expirations and evictions since start. */
    stats(): MemoryStoreStats
    /** (Re)starts the periodic sweep. */
    startInterval(): void
    /** Stops the periodic sweep. */
    stopInterval(): void
  }

  /** Options of `RedisStore`: connect-redis 9's names where it has them; every one is optional. */
  interface RedisStoreOptions {
    /** `redis://` or `rediss://` URL, with user and password if needed (default `redis://127.0.0.1:6379`). */
    url?: string
    /** A Redis Cluster's seed nodes as URLs, instead of `url`. */
    nodes?: string[]
    /** Key prefix (default `sess:`). */
    prefix?: string
    /** Seconds a session without `cookie.expires` lives (default 86400), or a function of the session. */
    ttl?: number | ((session: SessionData) => number)
    /** Write sessions without an expiry (and make `touch` do nothing). */
    disableTTL?: boolean
    /** Make `touch` do nothing. */
    disableTouch?: boolean
    /** SCAN's COUNT for `all`, `ids`, `length` and `clear` (default 100). */
    scanCount?: number
    /** How sessions become text and back (default `JSON`). */
    serializer?: { parse(text: string): any, stringify(value: any): string }
    /** ms before an operation fails with `ERR_REDIS_TIMEOUT` (default 5000); for `all`, `ids`, `length` and `clear`, ms each of their round trips may take. */
    commandTimeout?: number
    /** ms a connection attempt may take (default 5000). */
    connectTimeout?: number
    /** Operations allowed to wait at once; more fail at once with `ERR_REDIS_QUEUE_FULL` (default 10000). */
    maxQueue?: number
    /** First and longest delay, in ms, between pings while Redis is unreachable (default 100 and 5000). */
    reconnectMinDelay?: number
    reconnectMaxDelay?: number
    /** PEM certificates for `rediss://`: a CA to trust, and a client certificate and key. */
    tls?: { ca?: string | Buffer, cert?: string | Buffer, key?: string | Buffer }
  }

  /**
   * Sessions in Redis, Valkey or a Redis Cluster, in connect-redis 9's format (switch either
   * way with live sessions). The connection and parsing are native. The middleware's save of
   * a loaded session never brings back one destroyed meanwhile, and a new session never
   * overwrites another's ID. Each method takes a callback or, without one, returns a Promise.
   * Emits `disconnect` when Redis stops answering and `connect` when it answers again.
   */
  class RedisStore extends Store {
    constructor(options?: RedisStoreOptions)
    readonly prefix: string
    get(sid: string, callback?: (err: any, session?: SessionData | null) => void): Promise<SessionData | null> | undefined
    set(sid: string, session: SessionData, callback?: (err?: any) => void): Promise<void> | undefined
    destroy(sid: string, callback?: (err?: any) => void): Promise<void> | undefined
    touch(sid: string, session: SessionData, callback?: (err?: any) => void): Promise<void> | undefined
    /**
     * For `concurrency: 'merge'`: applies `changes` and `session`'s cookie onto the session as
     * Redis stores it, atomically on the server (one Lua script), with `set`'s expiry. A
     * session no longer stored is not brought back. With a custom `serializer`, or a stored
     * text that is not a JSON object, the whole session is written instead (if still stored).
     */
    merge(sid: string, changes: SessionChanges, session: SessionData, callback?: (err?: any) => void): Promise<void> | undefined
    /** Every session, each with `id` set, as connect-redis's `all`. */
    all(callback?: (err: any, sessions?: Array<SessionData & { id: string }> | null) => void): Promise<Array<SessionData & { id: string }>> | undefined
    ids(callback?: (err: any, ids?: string[] | null) => void): Promise<string[]> | undefined
    length(callback?: (err: any, length?: number) => void): Promise<number> | undefined
    clear(callback?: (err?: any) => void): Promise<void> | undefined
    /** Closes the connection; operations still waiting fail with `ERR_REDIS_CLOSED`. */
    close(callback?: (err?: any) => void): Promise<void> | undefined
  }
}

export = session
