'use strict'

// The smallest third-party store: sessions as JSON text in a Map, callbacks deferred.
//
//   mapStoreMethods        get/set/destroy over `this.map`, to mix into any Store subclass.
//   mapStoreClass(Store)   a `class … extends Store` with those methods and its own Map.

const mapStoreMethods = {
  get (id, callback) {
    const text = this.map.get(id)
    setImmediate(callback, null, text === undefined ? undefined : JSON.parse(text))
  },
  set (id, sess, callback) {
    this.map.set(id, JSON.stringify(sess))
    setImmediate(callback)
  },
  destroy (id, callback) {
    this.map.delete(id)
    setImmediate(callback)
  }
}

function mapStoreClass (Store) {
  class MapStore extends Store {
    constructor () {
      super()
      this.map = new Map()
    }
  }
  Object.assign(MapStore.prototype, mapStoreMethods)
  return MapStore
}

module.exports = { mapStoreMethods, mapStoreClass }
