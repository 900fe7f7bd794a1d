//! The binding's own tokio runtime: one thread for every Redis connection of the process.
//! One current-thread runtime keeps the order in which JavaScript issued commands (tasks
//! spawned from outside run first-in, first-out, and each sends its command on its first
//! poll) and leaves the other core to Node.

use std::sync::OnceLock;

use napi::Result;
use tokio::runtime::{Builder, Handle};

use crate::invalid_argument;

static RUNTIME: OnceLock<std::result::Result<Handle, String>> = OnceLock::new();

fn start() -> std::result::Result<Handle, String> {
    install_tls_provider();
    let runtime = Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the Redis runtime: {err}"))?;
    let handle = runtime.handle().clone();
    std::thread::Builder::new()
        .name("express-session-redis".to_owned())
        .spawn(move || runtime.block_on(std::future::pending::<()>()))
        .map_err(|err| format!("cannot start the Redis thread: {err}"))?;
    Ok(handle)
}

/// rediss:// needs a rustls provider; another library in the process may have installed one.
#[expect(
    deprecated,
    reason = "ring builds with cc alone (aws-lc-rs needs cmake); post-quantum key exchange is not needed towards Redis"
)]
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The runtime, started on first use.
pub fn handle() -> Result<Handle> {
    RUNTIME.get_or_init(start).clone().map_err(invalid_argument)
}
