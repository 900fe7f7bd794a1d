//! RedisStore's native side.
//!
//! Connections named by a handle (as the session maps are), one
//! native call per store operation, and one JavaScript callback per answer, through one
//! threadsafe function per connection. The Redis I/O and RESP parsing run on the binding's
//! runtime thread; `now` is always JavaScript's `Date.now()`.

mod batch;
mod command;
mod connection;
mod runtime;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use express_session_core::redis_merge::Patch;
use express_session_core::redis_store::{self, WriteMode};
use napi::bindgen_prelude::{FnArgs, Function};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result, Status};
use napi_derive::napi;
use redis::aio::ConnectionManager;
use redis::{ClientTlsConfig, TlsCertificates};

use crate::invalid_argument;
use crate::numbers::{js_count, saturating_u64};
use crate::text::TextArg;
use command::Simple;
use connection::{Answer, Connection, Failure, Outcome, Target};

/// The `kind` of an answer, as the shim reads it (`binding.constants()`).
pub mod answer_kind {
    pub const NOTHING: u32 = 0;
    pub const TEXT: u32 = 1;
    pub const LIST: u32 = 2;
    pub const COUNT: u32 = 3;
    pub const CONNECTION: u32 = 4;
    pub const TIMEOUT: u32 = 5;
    pub const COMMAND: u32 = 6;
    pub const COLLISION: u32 = 7;
}

/// What the callback is called with: sequence number, kind, text, list, count.
type Answer5 = (u32, u32, Option<String>, Option<Vec<String>>, f64);
/// A batch of answers as parallel arrays: sequence numbers, kinds, texts, lists, counts.
type Batch = (
    Vec<u32>,
    Vec<u32>,
    Vec<Option<String>>,
    Vec<Option<Vec<String>>>,
    Vec<f64>,
);
type Args = FnArgs<Batch>;
type Callback = ThreadsafeFunction<Vec<(u32, Outcome)>, (), Args, Status, false, false>;
/// Answers ready on the runtime thread and not yet handed to JavaScript.
type Answers = Arc<Mutex<Vec<(u32, Outcome)>>>;

fn to_batch(answers: Vec<(u32, Outcome)>) -> Batch {
    let mut batch: Batch = (
        Vec::with_capacity(answers.len()),
        Vec::with_capacity(answers.len()),
        Vec::with_capacity(answers.len()),
        Vec::with_capacity(answers.len()),
        Vec::with_capacity(answers.len()),
    );
    for (seq, outcome) in answers {
        let (seq, kind, text, list, count) = to_args(seq, outcome);
        batch.0.push(seq);
        batch.1.push(kind);
        batch.2.push(text);
        batch.3.push(list);
        batch.4.push(count);
    }
    batch
}

/// An operation of several commands (a merge, a scan): a task of its own.
type Task =
    Box<dyn FnOnce(Arc<Connection>) -> Pin<Box<dyn Future<Output = Outcome> + Send>> + Send>;

enum Job {
    Simple(Simple),
    /// Several commands, bounded by `command_timeout` as a whole (a merge).
    Task(Task),
    /// A store-wide operation: each of its round trips bounded by `command_timeout`.
    StoreWide(Task),
}

/// Operations issued by JavaScript and not yet taken by the runtime thread.
type Queue = Arc<Mutex<Vec<(u32, Job)>>>;

struct Entry {
    connection: Arc<Connection>,
    callback: Arc<RwLock<Callback>>,
    runtime: tokio::runtime::Handle,
    queue: Queue,
    answers: Answers,
    /// Whether the callback keeps Node's event loop alive (only while answers are due).
    referred: bool,
}

#[derive(Default)]
struct Table {
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::default();
}

fn busy() -> napi::Error {
    invalid_argument("the Redis connections of this thread are unavailable")
}

fn index(handle: u32) -> usize {
    usize::try_from(handle).unwrap_or(usize::MAX)
}

fn with_entry<R>(handle: u32, f: impl FnOnce(&mut Entry) -> Result<R>) -> Result<R> {
    TABLE
        .try_with(|table| {
            let mut table = table.try_borrow_mut().map_err(|_| busy())?;
            let entry = table
                .entries
                .get_mut(index(handle))
                .and_then(Option::as_mut)
                .ok_or_else(|| invalid_argument("the Redis store is closed"))?;
            f(entry)
        })
        .unwrap_or_else(|_| Err(busy()))
}

fn to_args(seq: u32, outcome: Outcome) -> Answer5 {
    match outcome {
        Ok(Answer::Nothing) => (seq, answer_kind::NOTHING, None, None, 0.0),
        Ok(Answer::Text(text)) => (seq, answer_kind::TEXT, Some(text), None, 0.0),
        Ok(Answer::List(list)) => (seq, answer_kind::LIST, None, Some(list), 0.0),
        Ok(Answer::Count(count)) => (seq, answer_kind::COUNT, None, None, js_count(count)),
        Err(Failure::Connection(message)) => {
            (seq, answer_kind::CONNECTION, Some(message), None, 0.0)
        }
        Err(Failure::Timeout) => (seq, answer_kind::TIMEOUT, None, None, 0.0),
        Err(Failure::Command(message)) => (seq, answer_kind::COMMAND, Some(message), None, 0.0),
        Err(Failure::Collision) => (seq, answer_kind::COLLISION, None, None, 0.0),
    }
}

/// Queues an operation of one command for the next flush.
fn simple(env: Env, handle: u32, seq: u32, operation: Simple) -> Result<()> {
    enqueue(env, handle, seq, Job::Simple(operation))
}

/// Queues an operation of several commands for the next flush (see [`Job`] for `job`).
fn spawn<F, Fut>(env: Env, handle: u32, seq: u32, job: fn(Task) -> Job, operation: F) -> Result<()>
where
    F: FnOnce(Arc<Connection>) -> Fut + Send + 'static,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    let task: Task = Box::new(move |connection| Box::pin(operation(connection)));
    enqueue(env, handle, seq, job(task))
}

#[expect(
    deprecated,
    reason = "napi's ref of a weak threadsafe function; no replacement for a weak one"
)]
fn enqueue(env: Env, handle: u32, seq: u32, job: Job) -> Result<()> {
    with_entry(handle, |entry| {
        if !entry.referred {
            entry.callback.write().map_err(|_| busy())?.refer(&env)?;
            entry.referred = true;
        }
        // Waking the runtime thread costs a system call and, on a busy core, a context
        // switch: operations only queue here, and `redis_flush` (once per event-loop turn from
        // the shim) wakes the thread once for all of them.
        entry.queue.lock().map_err(|_| busy())?.push((seq, job));
        Ok(())
    })
}

/// Sends the operations queued since the last flush: one wake-up of the runtime thread.
#[napi]
pub fn redis_flush(handle: u32) -> Result<()> {
    with_entry(handle, |entry| {
        if entry.queue.lock().map_err(|_| busy())?.is_empty() {
            return Ok(());
        }
        let queue = Arc::clone(&entry.queue);
        let connection = Arc::clone(&entry.connection);
        let answers = Arc::clone(&entry.answers);
        let callback = Arc::clone(&entry.callback);
        entry
            .runtime
            .spawn(drain(queue, connection, answers, callback));
        Ok(())
    })
}

/// Operations sent together: a run of one-command operations in one pipeline, or one
/// operation of several commands.
enum Group {
    Batch(ConnectionManager, Vec<(u32, Simple)>),
    /// An operation and the bound on it as a whole, if any.
    Task(u32, Task, Option<Duration>),
}

/// Starts every queued operation, in the order JavaScript issued them: on a single node a
/// run of one-command operations is one pipeline, and each group is a task (tasks spawned on
/// the runtime's own thread run first-in, first-out, and each sends on its first poll). A
/// cluster's operations each go to their key's node: a task each.
async fn drain(
    queue: Queue,
    connection: Arc<Connection>,
    answers: Answers,
    callback: Arc<RwLock<Callback>>,
) {
    let jobs = match queue.lock() {
        Ok(mut queue) => std::mem::take(&mut *queue),
        Err(_) => return,
    };
    let mut groups: Vec<Group> = Vec::new();
    for (seq, job) in jobs {
        let manager = connection.single();
        match (job, manager, groups.last_mut()) {
            (Job::Simple(operation), Some(_), Some(Group::Batch(_, batch))) => {
                batch.push((seq, operation));
            }
            (Job::Simple(operation), Some(manager), _) => {
                groups.push(Group::Batch(manager.clone(), vec![(seq, operation)]));
            }
            (Job::Simple(operation), None, _) => groups.push(Group::Task(
                seq,
                Box::new(move |connection| {
                    Box::pin(async move { operation.run(&connection).await })
                }),
                Some(connection.command_timeout),
            )),
            (Job::Task(task), _, _) => {
                groups.push(Group::Task(seq, task, Some(connection.command_timeout)));
            }
            (Job::StoreWide(task), _, _) => groups.push(Group::Task(seq, task, None)),
        }
    }
    if let [Group::Batch(..)] = groups.as_slice() {
        // The usual turn: one pipeline, sent from this task (no other to keep order with).
        if let Some(Group::Batch(manager, batch)) = groups.pop() {
            batch::send(&connection, manager, batch, |outcomes| {
                hand_over(&answers, &callback, outcomes);
            })
            .await;
        }
        return;
    }
    for group in groups {
        let connection = Arc::clone(&connection);
        let answers = Arc::clone(&answers);
        let callback = Arc::clone(&callback);
        match group {
            Group::Batch(manager, batch) => tokio::spawn(async move {
                batch::send(&connection, manager, batch, |outcomes| {
                    hand_over(&answers, &callback, outcomes);
                })
                .await;
            }),
            Group::Task(seq, task, bound) => tokio::spawn(async move {
                let outcome = match bound {
                    Some(limit) => tokio::time::timeout(limit, task(connection))
                        .await
                        .unwrap_or(Err(Failure::Timeout)),
                    None => task(connection).await,
                };
                answer(&answers, &callback, seq, outcome);
            }),
        };
    }
}

/// Hands a batch's answers to JavaScript: at once, or with the answers already waiting for
/// a hand-over.
fn hand_over(answers: &Answers, callback: &Arc<RwLock<Callback>>, outcomes: Vec<(u32, Outcome)>) {
    let Ok(mut ready) = answers.lock() else {
        return;
    };
    if !ready.is_empty() {
        ready.extend(outcomes);
        return;
    }
    drop(ready);
    if let Ok(callback) = callback.read() {
        callback.call(outcomes, ThreadsafeFunctionCallMode::NonBlocking);
    }
}

/// Hands an answer to JavaScript. The answers that become ready in the same pass of the
/// runtime (the replies of one read) go in one call of the threadsafe function: one wake-up
/// of Node's thread for all of them.
fn answer(answers: &Answers, callback: &Arc<RwLock<Callback>>, seq: u32, outcome: Outcome) {
    let Ok(mut ready) = answers.lock() else {
        return;
    };
    let first = ready.is_empty();
    ready.push((seq, outcome));
    drop(ready);
    if !first {
        return;
    }
    let answers = Arc::clone(answers);
    let callback = Arc::clone(callback);
    tokio::spawn(async move {
        // Lets the other tasks that are ready run (and answer) first.
        tokio::task::yield_now().await;
        let batch = match answers.lock() {
            Ok(mut ready) => std::mem::take(&mut *ready),
            Err(_) => return,
        };
        if let Ok(callback) = callback.read() {
            callback.call(batch, ThreadsafeFunctionCallMode::NonBlocking);
        }
    });
}

fn millis(value: f64, default: u64) -> Duration {
    if value.is_finite() && value >= 1.0 {
        Duration::from_millis(saturating_u64(value))
    } else {
        Duration::from_millis(default)
    }
}

fn certificates(
    ca: Option<String>,
    cert: Option<String>,
    key: Option<String>,
) -> Option<TlsCertificates> {
    let client_tls = match (cert, key) {
        (Some(cert), Some(key)) => Some(ClientTlsConfig {
            client_cert: cert.into_bytes(),
            client_key: key.into_bytes(),
        }),
        _ => None,
    };
    if ca.is_none() && client_tls.is_none() {
        return None;
    }
    Some(TlsCertificates {
        client_tls,
        root_cert: ca.map(String::into_bytes),
    })
}

/// Opens a connection and returns its handle.
///
/// Lazily: nothing is sent before the first command. `urls` is one `redis://` / `rediss://` URL, or a cluster's seed nodes;
/// `callback(seq, kind, text, list, count)` receives every answer.
#[napi]
pub fn redis_open(
    env: Env,
    urls: Vec<String>,
    cluster: bool,
    prefix: String,
    default_ttl: f64,
    disable_ttl: bool,
    command_timeout_ms: f64,
    connect_timeout_ms: f64,
    tls_ca: Option<String>,
    tls_cert: Option<String>,
    tls_key: Option<String>,
    #[napi(
        ts_arg_type = "(seqs: number[], kinds: number[], texts: Array<string | null>, lists: Array<string[] | null>, counts: number[]) => void"
    )]
    callback: Function<Args, ()>,
) -> Result<u32> {
    if urls.is_empty() || !urls.iter().all(|url| redis_store::is_supported_url(url)) {
        return Err(invalid_argument(
            "Redis URLs must start with redis:// or rediss://",
        ));
    }
    let runtime = runtime::handle()?;
    let target = Target {
        urls,
        cluster,
        command_timeout: millis(command_timeout_ms, 5000),
        connect_timeout: millis(connect_timeout_ms, 5000),
        certificates: certificates(tls_ca, tls_cert, tls_key),
    };
    let connection = {
        let _inside = runtime.enter();
        Connection::open(target, prefix, default_ttl, disable_ttl).map_err(invalid_argument)?
    };
    let callback: Callback = callback
        .build_threadsafe_function::<Vec<(u32, Outcome)>>()
        .callee_handled::<false>()
        .build_callback(|ctx| Ok(FnArgs::from(to_batch(ctx.value))))?;
    // Built referred and let go at once: napi's weak builder unrefs without recording it,
    // after which `refer` would do nothing.
    let mut entry = Entry {
        connection: Arc::new(connection),
        callback: Arc::new(RwLock::new(callback)),
        runtime,
        queue: Queue::default(),
        answers: Answers::default(),
        referred: true,
    };
    unrefer(env, &mut entry)?;
    TABLE
        .try_with(|table| {
            let mut table = table.try_borrow_mut().map_err(|_| busy())?;
            if let Some(handle) = table.free.pop() {
                if let Some(slot) = table.entries.get_mut(index(handle)) {
                    *slot = Some(entry);
                    return Ok(handle);
                }
            }
            let handle = u32::try_from(table.entries.len())
                .map_err(|_| invalid_argument("too many Redis stores"))?;
            table.entries.push(Some(entry));
            Ok(handle)
        })
        .unwrap_or_else(|_| Err(busy()))
}

/// Lets Node exit while no answer is due (the shim calls this when it has none pending).
#[napi]
pub fn redis_idle(env: Env, handle: u32) -> Result<()> {
    with_entry(handle, |entry| unrefer(env, entry))
}

#[expect(
    deprecated,
    reason = "napi's unref of a weak threadsafe function; no replacement for a weak one"
)]
fn unrefer(env: Env, entry: &mut Entry) -> Result<()> {
    if entry.referred {
        entry.callback.write().map_err(|_| busy())?.unref(&env)?;
        entry.referred = false;
    }
    Ok(())
}

/// Closes the connection: answers still due are dropped and the handle is freed.
#[napi]
pub fn redis_close(env: Env, handle: u32) -> Result<()> {
    redis_idle(env, handle)?;
    TABLE
        .try_with(|table| {
            let mut table = table.try_borrow_mut().map_err(|_| busy())?;
            if let Some(slot) = table.entries.get_mut(index(handle)) {
                if slot.take().is_some() {
                    table.free.push(handle);
                }
            }
            Ok(())
        })
        .unwrap_or_else(|_| Err(busy()))
}

#[napi]
pub fn redis_get(
    env: Env,
    handle: u32,
    seq: u32,
    #[napi(ts_arg_type = "string")] id: TextArg,
) -> Result<()> {
    let id = (*id).to_owned();
    simple(env, handle, seq, Simple::Get { id })
}

/// Writes a session: `ttl` is a `ttl` function's result or NaN; `expires_ms` the cookie's
/// expiry (NaN when none); `mode` a [`WriteMode`]'s code: plain SET, only if present (XX), only
/// if absent (NX).
#[napi]
pub fn redis_set(
    env: Env,
    handle: u32,
    seq: u32,
    #[napi(ts_arg_type = "string")] id: TextArg,
    #[napi(ts_arg_type = "string")] json: TextArg,
    ttl: f64,
    expires_ms: f64,
    now_ms: f64,
    mode: u32,
) -> Result<()> {
    let mode = WriteMode::from_code(mode).ok_or_else(|| invalid_argument("unknown write mode"))?;
    let id = (*id).to_owned();
    let json = (*json).to_owned();
    simple(
        env,
        handle,
        seq,
        Simple::Set {
            id,
            json,
            ttl,
            expires_ms,
            now_ms,
            mode,
        },
    )
}

/// Merges a patch onto a stored session (`concurrency: 'merge'`).
///
/// `cookie` the cookie's JSON, `set` an object text of the members set, `unset` an object
/// text whose keys are the members removed; `ttl`, `expires_ms`, `now_ms` as for
/// `redis_set`. Answers a count: 0 no session stored (nothing written), 1 merged, 2 the
/// stored text is not an object.
#[napi]
pub fn redis_merge(
    env: Env,
    handle: u32,
    seq: u32,
    #[napi(ts_arg_type = "string")] id: TextArg,
    #[napi(ts_arg_type = "string")] cookie: TextArg,
    #[napi(ts_arg_type = "string")] set: TextArg,
    #[napi(ts_arg_type = "string")] unset: TextArg,
    ttl: f64,
    expires_ms: f64,
    now_ms: f64,
) -> Result<()> {
    let id = (*id).to_owned();
    let cookie = (*cookie).to_owned();
    let set = (*set).to_owned();
    let unset = (*unset).to_owned();
    spawn(env, handle, seq, Job::Task, move |connection| async move {
        let ttl = redis_store::ttl_seconds(ttl, expires_ms, now_ms, connection.default_ttl);
        let Some(patch) = Patch::parse(&set, &unset) else {
            return Err(connection::Failure::Command(
                "a merge's set and unset must be object texts".to_owned(),
            ));
        };
        connection.merge(&id, &cookie, &patch, ttl).await
    })
}

#[napi]
pub fn redis_touch(
    env: Env,
    handle: u32,
    seq: u32,
    #[napi(ts_arg_type = "string")] id: TextArg,
    ttl: f64,
    expires_ms: f64,
    now_ms: f64,
) -> Result<()> {
    let id = (*id).to_owned();
    simple(
        env,
        handle,
        seq,
        Simple::Touch {
            id,
            ttl,
            expires_ms,
            now_ms,
        },
    )
}

#[napi]
pub fn redis_destroy(
    env: Env,
    handle: u32,
    seq: u32,
    #[napi(ts_arg_type = "string")] id: TextArg,
) -> Result<()> {
    let id = (*id).to_owned();
    simple(env, handle, seq, Simple::Destroy { id })
}

#[napi]
pub fn redis_ping(env: Env, handle: u32, seq: u32) -> Result<()> {
    simple(env, handle, seq, Simple::Ping)
}

/// The operations of `redis_scan` (the `what` argument).
pub mod scan_kind {
    /// The IDs of the stored sessions.
    pub const IDS: u32 = 0;
    /// ID and JSON pairs of the stored sessions.
    pub const ALL: u32 = 1;
    /// How many sessions are stored.
    pub const LENGTH: u32 = 2;
    /// Deletes every stored session.
    pub const CLEAR: u32 = 3;
}

/// `what`: one of [`scan_kind`].
#[napi]
pub fn redis_scan(env: Env, handle: u32, seq: u32, what: u32, scan_count: f64) -> Result<()> {
    let count = redis_store::scan_count(scan_count);
    if what > scan_kind::CLEAR {
        return Err(invalid_argument("unknown scan operation"));
    }
    spawn(
        env,
        handle,
        seq,
        Job::StoreWide,
        move |connection| async move {
            match what {
                scan_kind::IDS => connection.ids(count).await,
                scan_kind::ALL => connection.all(count).await,
                scan_kind::LENGTH => connection.length(count).await,
                _ => connection.clear(count).await,
            }
        },
    )
}
