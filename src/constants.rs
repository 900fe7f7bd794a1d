//! The numbers and codes both sides of the boundary must agree on, defined here (or in the
//! core) once and handed to the shim at load by `constants()`.

use express_session_core::decision::outcome_byte;
use express_session_core::memory_store::packed;
use express_session_core::redis_merge::MergeAnswer;
use express_session_core::redis_store::WriteMode;
use napi_derive::napi;

use crate::numbers::js_count;
use crate::redis_store::{answer_kind, scan_kind};

/// Bits of the `flags` argument of the cookie serializers; the shim builds them from the
/// cookie options with JavaScript's truthiness rules.
pub mod flags {
    pub const HTTP_ONLY: u32 = 1;
    pub const SECURE: u32 = 1 << 1;
    pub const PARTITIONED: u32 = 1 << 2;
    pub const SAME_SITE_TRUE: u32 = 1 << 3;
    pub const SAME_SITE_INVALID: u32 = 1 << 4;
    pub const PRIORITY_INVALID: u32 = 1 << 5;
    pub const EXPIRES_INVALID: u32 = 1 << 6;
    pub const HAS_MAX_AGE: u32 = 1 << 7;
}

/// Values of `readSessionId` when no session ID could be read.
pub mod read_status {
    pub const NONE: u32 = 0;
    pub const UNSIGNED: u32 = 1;
    pub const INVALID_SIGNATURE: u32 = 2;
}

/// What the session map's template calls answer when a template cannot be used.
pub mod template_status {
    /// `sessionMapInternCookie`: the cookie is stored inline, not as a template.
    pub const NOT_TEMPLATED: f64 = -1.0;
    /// `sessionMapTouchTemplated`: the template is gone; nothing was done.
    pub const TEMPLATE_GONE: i32 = -1;
}

/// The `code` of the errors the binding throws on purpose. The shim tells them apart by it
/// and rethrows both as a `TypeError` with the same message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// An argument JavaScript would reject with a `TypeError`.
    InvalidArgument,
    /// cookie@0.7's "argument name is invalid", which it throws before any other.
    InvalidCookieName,
}

impl AsRef<str> for ErrorCode {
    fn as_ref(&self) -> &str {
        match self {
            // napi's own code for `Status::InvalidArg`, which other exports throw.
            Self::InvalidArgument => "InvalidArg",
            Self::InvalidCookieName => "InvalidCookieName",
        }
    }
}

/// The constants above and the core's, as one flat object read once by the shim.
#[napi(object)]
pub struct Constants {
    pub flag_http_only: u32,
    pub flag_secure: u32,
    pub flag_partitioned: u32,
    pub flag_same_site_true: u32,
    pub flag_same_site_invalid: u32,
    pub flag_priority_invalid: u32,
    pub flag_expires_invalid: u32,
    pub flag_has_max_age: u32,
    pub read_status_none: u32,
    pub read_status_unsigned: u32,
    pub read_status_invalid_signature: u32,
    pub action_mask: u32,
    pub action_nothing: u32,
    pub action_destroy: u32,
    pub action_save: u32,
    pub action_touch: u32,
    pub set_cookie: u32,
    pub packed_dated: String,
    pub packed_undated: String,
    pub packed_dated_body_at: f64,
    pub packed_undated_body_at: f64,
    pub not_templated: f64,
    pub template_gone: i32,
    pub error_invalid_argument: String,
    pub error_invalid_cookie_name: String,
    pub redis_nothing: u32,
    pub redis_text: u32,
    pub redis_list: u32,
    pub redis_count: u32,
    pub redis_connection: u32,
    pub redis_timeout: u32,
    pub redis_command: u32,
    pub redis_collision: u32,
    pub redis_merge_unmergeable: f64,
    pub redis_write_plain: u32,
    pub redis_write_existing: u32,
    pub redis_write_new: u32,
    pub redis_scan_ids: u32,
    pub redis_scan_all: u32,
    pub redis_scan_length: u32,
    pub redis_scan_clear: u32,
}

/// Everything the shim must agree on with the binding and the core.
#[napi]
#[must_use]
pub fn constants() -> Constants {
    Constants {
        flag_http_only: flags::HTTP_ONLY,
        flag_secure: flags::SECURE,
        flag_partitioned: flags::PARTITIONED,
        flag_same_site_true: flags::SAME_SITE_TRUE,
        flag_same_site_invalid: flags::SAME_SITE_INVALID,
        flag_priority_invalid: flags::PRIORITY_INVALID,
        flag_expires_invalid: flags::EXPIRES_INVALID,
        flag_has_max_age: flags::HAS_MAX_AGE,
        read_status_none: read_status::NONE,
        read_status_unsigned: read_status::UNSIGNED,
        read_status_invalid_signature: read_status::INVALID_SIGNATURE,
        action_mask: outcome_byte::ACTION_MASK.into(),
        action_nothing: outcome_byte::NOTHING.into(),
        action_destroy: outcome_byte::DESTROY.into(),
        action_save: outcome_byte::SAVE.into(),
        action_touch: outcome_byte::TOUCH.into(),
        set_cookie: outcome_byte::SET_COOKIE.into(),
        packed_dated: packed::DATED.to_string(),
        packed_undated: packed::UNDATED.to_string(),
        packed_dated_body_at: js_count(packed::DATED_BODY_AT),
        packed_undated_body_at: js_count(packed::UNDATED_BODY_AT),
        not_templated: template_status::NOT_TEMPLATED,
        template_gone: template_status::TEMPLATE_GONE,
        error_invalid_argument: ErrorCode::InvalidArgument.as_ref().to_owned(),
        error_invalid_cookie_name: ErrorCode::InvalidCookieName.as_ref().to_owned(),
        redis_nothing: answer_kind::NOTHING,
        redis_text: answer_kind::TEXT,
        redis_list: answer_kind::LIST,
        redis_count: answer_kind::COUNT,
        redis_connection: answer_kind::CONNECTION,
        redis_timeout: answer_kind::TIMEOUT,
        redis_command: answer_kind::COMMAND,
        redis_collision: answer_kind::COLLISION,
        redis_merge_unmergeable: js_count(MergeAnswer::Unmergeable.code()),
        redis_write_plain: WriteMode::Plain.code(),
        redis_write_existing: WriteMode::Existing.code(),
        redis_write_new: WriteMode::New.code(),
        redis_scan_ids: scan_kind::IDS,
        redis_scan_all: scan_kind::ALL,
        redis_scan_length: scan_kind::LENGTH,
        redis_scan_clear: scan_kind::CLEAR,
    }
}
