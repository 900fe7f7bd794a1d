// The shape of a store package typed against express-session's API, modelled on
// connect-redis 9's published typings (promise-returning methods, optional callbacks),
// without pulling its `redis` dependency's large typings into this check.

declare module 'promise-session-store' {
  import { SessionData, Store } from 'express-session'

  type Callback = (err?: unknown, data?: any) => any

  interface PromiseStoreOptions {
    client: any
    prefix?: string
    ttl?: number | ((sess: SessionData) => number)
  }

  export class PromiseStore extends Store {
    constructor (options: PromiseStoreOptions)
    get (sid: string, cb?: Callback): Promise<any>
    set (sid: string, sess: SessionData, cb?: Callback): Promise<any>
    touch (sid: string, sess: SessionData, cb?: Callback): Promise<any>
    destroy (sid: string, cb?: Callback): Promise<any>
    clear (cb?: Callback): Promise<any>
    length (cb?: Callback): Promise<any>
    ids (cb?: Callback): Promise<any>
    all (cb?: Callback): Promise<any>
    private getTTL
  }
}
