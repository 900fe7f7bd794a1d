//! Strings across the boundary at the cost of one copy.
//!
//! napi-rs converts a `String` argument with two passes over the JavaScript string (its
//! UTF-8 length, then its bytes) into a zeroed heap buffer, and V8 first flattens a string
//! built by concatenation; for a session ID that is most of the cost of a store call.
//! `TextArg` copies the string's UTF-16 code units once onto the stack (V8 copies them
//! straight out of a concatenation, without flattening it) and narrows them to bytes when
//! they are ASCII, as IDs and nearly all session JSON are; other and long strings take
//! napi-rs's path. `Text` returns ASCII text as a Latin-1 string, which V8 copies without
//! decoding.

use std::mem::MaybeUninit;
use std::ops::Deref;

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue};
use napi::{sys, Error, Result, Status};

/// Code units read on the stack. A session ID is 32; a typical session body about 100.
const INLINE: usize = 256;

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
        let mut units = MaybeUninit::<[u16; INLINE]>::uninit();
        let mut written = 0;
        // SAFETY: the buffer holds INLINE code units, and napi writes at most that many
        // (including the terminating NUL) and reports how many it wrote before the NUL.
        let status = unsafe {
            sys::napi_get_value_string_utf16(
                env,
                value,
                units.as_mut_ptr().cast(),
                INLINE,
                &mut written,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(Error::new(Status::StringExpected, "expected a string"));
        }
        // A string that filled the buffer may have been cut short.
        let written = written.min(INLINE - 1);
        // SAFETY: napi initialized the first `written` code units.
        let units = unsafe { std::slice::from_raw_parts(units.as_ptr().cast::<u16>(), written) };
        if written < INLINE - 1 && units.iter().all(|&unit| unit < 0x80) {
            for (byte, &unit) in arg.inline.iter_mut().zip(units) {
                *byte = unit as u8;
            }
            arg.inline_len = written;
        } else if written < INLINE - 1 {
            // As napi's UTF-8 conversion does, a lone surrogate becomes U+FFFD.
            arg.heap = Some(String::from_utf16_lossy(units));
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
