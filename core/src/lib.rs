//! The session core of express-session-rs, free of any Node or napi dependency so that
//! `cargo test` exercises it without linking Node.
#![forbid(unsafe_code)]

mod calendar;
pub mod cookie_header;
pub mod decision;
mod digits;
pub mod http_date;
pub mod memory_store;
pub mod redis_merge;
pub mod redis_store;
pub mod session_id;
pub mod session_key;
pub mod set_cookie;
pub mod signing;
