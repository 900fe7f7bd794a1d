//! The native session maps behind `MemoryStore`; `now` is always JavaScript's `Date.now()`.
//!
//! A map lives in a table of its JavaScript thread (main or worker) and is named by a
//! handle; its operations are plain functions taking that handle. A method of a napi
//! class would first have to unwrap its `this`, which costs about as much as the rest of
//! a store call's boundary crossing. A `NativeSessionMap` object owns its map: when it is
//! collected, the map is freed. Maps are never shared between threads or instances.

use std::cell::RefCell;

use express_session_core::memory_store::{Limits, SessionMap};
use napi::bindgen_prelude::Either;
use napi::Result;
use napi_derive::napi;

use crate::constants::template_status;
use crate::invalid_argument;
use crate::numbers::{js_count, js_number, saturating_u64, saturating_usize};
use crate::text::{IdArg, IdText, Text, TextArg};

#[derive(Default)]
struct Table {
    maps: Vec<Option<SessionMap>>,
    free: Vec<u32>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::default();
}

/// A handle as an index into the table.
fn index(handle: u32) -> usize {
    usize::try_from(handle).unwrap_or(usize::MAX)
}

fn insert(map: SessionMap) -> Result<u32> {
    with_table(|table| {
        let mut table = table.try_borrow_mut().map_err(|_| busy())?;
        if let Some(handle) = table.free.pop() {
            if let Some(slot) = table.maps.get_mut(index(handle)) {
                *slot = Some(map);
                return Ok(handle);
            }
        }
        let handle = u32::try_from(table.maps.len())
            .map_err(|_| invalid_argument("too many session maps"))?;
        table.maps.push(Some(map));
        Ok(handle)
    })
}

fn remove(handle: u32) {
    // At thread exit the table may already be gone, and the maps with it.
    let _ = TABLE.try_with(|table| {
        if let Ok(mut table) = table.try_borrow_mut() {
            if let Some(slot) = table.maps.get_mut(index(handle)) {
                if slot.take().is_some() {
                    table.free.push(handle);
                }
            }
        }
    });
}

/// Runs `operation` on the map named `handle`.
fn with_map<R>(handle: u32, operation: impl FnOnce(&mut SessionMap) -> R) -> Result<R> {
    with_table(|table| {
        let mut table = table.try_borrow_mut().map_err(|_| busy())?;
        let map = table
            .maps
            .get_mut(index(handle))
            .and_then(Option::as_mut)
            .ok_or_else(|| invalid_argument("no such session map"))?;
        Ok(operation(map))
    })
}

/// This thread's table (`LocalKey::with` would panic once the thread is being torn down).
fn with_table<R>(f: impl FnOnce(&RefCell<Table>) -> Result<R>) -> Result<R> {
    TABLE.try_with(f).unwrap_or_else(|_| Err(busy()))
}

fn busy() -> napi::Error {
    invalid_argument("the session maps of this thread are unavailable")
}

/// Owns one session map. Numbers stand for options: `idle_ms` infinite (or absent) for
/// never, `max_sessions` and `max_bytes` infinite (or absent) for no bound.
#[napi]
pub struct NativeSessionMap {
    handle: u32,
}

/// A non-negative count or budget from JavaScript; infinite, NaN or absent is no bound.
fn bound(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite()).map(|v| v.max(0.0).floor())
}

#[napi]
impl NativeSessionMap {
    #[napi(constructor)]
    pub fn new(
        idle_ms: Option<f64>,
        max_sessions: Option<f64>,
        max_bytes: Option<f64>,
    ) -> Result<Self> {
        let limits = Limits {
            idle_ms: idle_ms.filter(|v| !v.is_nan()).unwrap_or(f64::INFINITY),
            max_sessions: bound(max_sessions).map_or(usize::MAX, saturating_usize),
            max_bytes: bound(max_bytes).map_or(u64::MAX, saturating_u64),
        };
        let handle = insert(SessionMap::with_limits(limits))?;
        Ok(Self { handle })
    }

    /// What the `sessionMap*` functions take to name this map. (A method, not a getter:
    /// napi-rs checks the receiver of methods only.)
    #[napi]
    #[must_use]
    pub fn handle(&self) -> u32 {
        self.handle
    }
}

impl Drop for NativeSessionMap {
    fn drop(&mut self) {
        remove(self.handle);
    }
}

#[napi(ts_return_type = "string | null")]
pub fn session_map_get(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    now: f64,
) -> Result<Option<Text>> {
    with_map(handle, |map| map.get(&id, now).map(Text))
}

/// `get`, with a templated cookie named by serial (see `SessionMap::get_packed`).
#[napi(ts_return_type = "string | null")]
pub fn session_map_get_packed(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    now: f64,
) -> Result<Option<Text>> {
    with_map(handle, |map| map.get_packed(&id, now).map(Text))
}

#[napi]
pub fn session_map_set(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    cookie: Option<String>,
    #[napi(ts_arg_type = "string")] data: TextArg,
    expires: f64,
    now: f64,
) -> Result<()> {
    with_map(handle, |map| {
        map.set_at(&id, cookie.as_deref(), &data, expires, now);
    })
}

#[napi]
pub fn session_map_set_templated(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    serial: f64,
    #[napi(ts_arg_type = "string")] data: TextArg,
    expires: f64,
    now: f64,
) -> Result<bool> {
    with_map(handle, |map| {
        map.set_templated(&id, serial, &data, expires, now)
    })
}

#[napi]
pub fn session_map_touch(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    cookie: String,
    expires: f64,
    now: f64,
) -> Result<bool> {
    with_map(handle, |map| map.touch(&id, &cookie, expires, now))
}

/// 1 touched, 0 no such session, `TEMPLATE_GONE` no such template (nothing done).
#[napi]
pub fn session_map_touch_templated(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    serial: f64,
    expires: f64,
    now: f64,
) -> Result<i32> {
    with_map(handle, |map| {
        match map.touch_templated(&id, serial, expires, now) {
            Some(true) => 1,
            Some(false) => 0,
            None => template_status::TEMPLATE_GONE,
        }
    })
}

/// Applies a patch of top-level members (`set`, and `unset`'s keys removed) and the cookie
/// onto the stored session in one step; false, storing nothing, when there is none.
#[napi]
pub fn session_map_merge(
    handle: u32,
    #[napi(ts_arg_type = "string")] id: IdArg,
    cookie: String,
    #[napi(ts_arg_type = "string")] set: TextArg,
    unset: String,
    expires: f64,
    now: f64,
) -> Result<bool> {
    with_map(handle, |map| {
        map.merge_at(&id, &cookie, &set, &unset, expires, now)
    })
}

/// The serial of the template for this cookie JSON, or `NOT_TEMPLATED` when it is stored inline.
#[napi]
pub fn session_map_intern_cookie(handle: u32, cookie: String, expires: f64) -> Result<f64> {
    with_map(handle, |map| {
        map.intern_cookie(&cookie, expires)
            .unwrap_or(template_status::NOT_TEMPLATED)
    })
}

/// The template's cookie JSON, its date `null`.
#[napi]
pub fn session_map_cookie_template(handle: u32, serial: f64) -> Result<Option<String>> {
    with_map(handle, |map| map.cookie_template(serial))
}

#[napi]
pub fn session_map_destroy(handle: u32, #[napi(ts_arg_type = "string")] id: IdArg) -> Result<()> {
    with_map(handle, |map| map.destroy(&id))
}

/// An ID and its session's JSON after each other in one array.
type Listed = Either<IdText, String>;

fn flatten(sessions: Vec<(String, String)>) -> Vec<Listed> {
    sessions
        .into_iter()
        .flat_map(|(id, json)| [Either::A(IdText(id)), Either::B(json)])
        .collect()
}

/// `[id, json, id, json, …]` of every unexpired session, oldest first.
#[napi(ts_return_type = "Array<string>")]
pub fn session_map_all(handle: u32, now: f64) -> Result<Vec<Listed>> {
    with_map(handle, |map| flatten(map.all(now)))
}

/// `[id, json, …]` of every session held, expired or not, oldest first.
#[napi(ts_return_type = "Array<string>")]
pub fn session_map_snapshot(handle: u32) -> Result<Vec<Listed>> {
    with_map(handle, |map| flatten(map.snapshot()))
}

#[napi(ts_return_type = "Array<string>")]
pub fn session_map_ids(handle: u32, now: f64) -> Result<Vec<IdText>> {
    with_map(handle, |map| map.ids(now).into_iter().map(IdText).collect())
}

#[napi]
pub fn session_map_length(handle: u32, now: f64) -> Result<u32> {
    with_map(handle, |map| {
        u32::try_from(map.len(now)).unwrap_or(u32::MAX)
    })
}

#[napi]
pub fn session_map_clear(handle: u32) -> Result<()> {
    with_map(handle, SessionMap::clear)
}

/// One step of the sweep, about `budget` work units; true when a pass completed.
#[napi]
pub fn session_map_sweep(handle: u32, now: f64, budget: f64) -> Result<bool> {
    let budget = if budget.is_finite() {
        saturating_u64(budget.max(1.0))
    } else {
        u64::MAX
    };
    with_map(handle, |map| map.sweep(now, budget))
}

/// Removes every expired session now; returns how many.
#[napi]
pub fn session_map_prune(handle: u32, now: f64) -> Result<f64> {
    with_map(handle, |map| js_count(map.prune(now)))
}

/// `[sessions, bytes, expirations, evictions, heapBytes]`.
#[napi]
pub fn session_map_stats(handle: u32) -> Result<Vec<f64>> {
    with_map(handle, |map| {
        let stats = map.stats();
        vec![
            js_count(stats.sessions),
            js_number(stats.bytes),
            js_number(stats.expirations),
            js_number(stats.evictions),
            js_number(stats.heap_bytes),
        ]
    })
}
