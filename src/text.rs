//! Strings across the boundary at the cost of one copy.
//!
//! napi-rs converts a `String` argument with two passes over the JavaScript string (its
//! UTF-8 length, then its bytes) into a zeroed heap buffer; for a session ID that is most
//! of the cost of a store call. `TextArg` reads the string once into a stack buffer and
//! only falls back to that path for long strings. `Text` returns ASCII text (nearly every
//! session's JSON) as a Latin-1 string, which V8 copies without decoding.

use std::ops::Deref;

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue};
use napi::{sys, Error, Result, Status};

/// Bytes read on the stack. A session ID is 32; a typical session body about 100.
const INLINE: usize = 256;
/// The longest UTF-8 encoding of a character: when fewer bytes than this were left free,
/// the string may have been cut short.
const MAX_CHAR_BYTES: usize = 4;

/// A string argument.
pub struct TextArg {
    inline: [u8; INLINE],
    inline_len: usize,
    heap: Option<String>,
}

impl Deref for TextArg {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.heap {
            Some(text) => text,
            None => self
                .inline
                .get(..self.inline_len)
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default(),
        }
    }
}

impl FromNapiValue for TextArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut arg = TextArg {
            inline: [0; INLINE],
            inline_len: 0,
            heap: None,
        };
        let mut written = 0;
        // SAFETY: the buffer is INLINE bytes long, and napi writes at most that many
        // (including the terminating NUL) and reports how many it wrote before the NUL.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                arg.inline.as_mut_ptr().cast(),
                INLINE,
                &mut written,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "expected a string"));
        }
        if written + MAX_CHAR_BYTES < INLINE - 1 {
            arg.inline_len = written;
        } else {
            // SAFETY: same env and value, as napi-rs's own conversion expects.
            arg.heap = Some(unsafe { String::from_napi_value(env, value) }?);
        }
        Ok(arg)
    }
}

/// A string result.
pub struct Text(pub String);

impl ToNapiValue for Text {
    unsafe fn to_napi_value(env: sys::napi_env, text: Self) -> Result<sys::napi_value> {
        let text = text.0;
        if !text.is_ascii() {
            // SAFETY: forwarded as napi-rs's conversion expects.
            return unsafe { String::to_napi_value(env, text) };
        }
        let mut result = std::ptr::null_mut();
        // SAFETY: `text` outlives the call, which copies its `len` bytes; ASCII is Latin-1.
        let status = unsafe {
            sys::napi_create_string_latin1(
                env,
                text.as_ptr().cast(),
                text.len() as isize,
                &mut result,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                Status::GenericFailure,
                "could not create a string",
            ));
        }
        Ok(result)
    }
}
