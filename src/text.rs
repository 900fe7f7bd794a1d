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
//!
//! Session IDs are read exactly instead: `IdArg` is the ID's key in the native map (see
//! `session_key`), which keeps lone surrogates apart, and `IdText` gives the ID back.

use std::mem::MaybeUninit;
use std::ops::Deref;

use express_session_core::session_key;
use napi::bindgen_prelude::{FromNapiValue, ToNapiValue};
use napi::{sys, Error, Result, Status};

/// Code units read on the stack. A session ID is 32; a typical session body about 100.
const INLINE: usize = 256;

/// How a string that is not ASCII becomes Rust text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// As napi's UTF-8 conversion does: a lone surrogate becomes U+FFFD.
    Lossy,
    /// As a session key: every string its own.
    Key,
}

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
    unsafe fn from_napi_value(env: sys::napi_env, napi_val: sys::napi_value) -> Result<Self> {
        // SAFETY: forwarded as napi-rs calls this function.
        unsafe { read(env, napi_val, Reading::Lossy) }
    }
}

/// A session ID argument: its key in the native map.
pub struct IdArg(TextArg);

impl Deref for IdArg {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl FromNapiValue for IdArg {
    unsafe fn from_napi_value(env: sys::napi_env, napi_val: sys::napi_value) -> Result<Self> {
        // SAFETY: forwarded as napi-rs calls this function.
        unsafe { read(env, napi_val, Reading::Key) }.map(IdArg)
    }
}

fn string_expected() -> Error {
    Error::new(Status::StringExpected, "expected a string")
}

/// Reads the string `value`: ASCII up to `INLINE` code units is narrowed on the stack.
///
/// # Safety
/// `env` and `value` as napi-rs passes them to `from_napi_value`.
unsafe fn read(env: sys::napi_env, value: sys::napi_value, reading: Reading) -> Result<TextArg> {
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
            &raw mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(string_expected());
    }
    // A string that filled the buffer may have been cut short.
    let written = written.min(INLINE - 1);
    // SAFETY: napi initialized the first `written` code units.
    let units = unsafe { std::slice::from_raw_parts(units.as_ptr().cast::<u16>(), written) };
    let complete = written < INLINE - 1;
    if complete && units.iter().all(|&unit| unit < 0x80) {
        for (byte, &unit) in arg.inline.iter_mut().zip(units) {
            *byte = u8::try_from(unit).unwrap_or_default();
        }
        arg.inline_len = written;
    } else if reading == Reading::Key {
        arg.heap = Some(if complete {
            session_key::of_utf16(units)
        } else {
            // SAFETY: same env and value.
            session_key::of_utf16(&unsafe { read_utf16(env, value) }?)
        });
    } else if complete {
        arg.heap = Some(String::from_utf16_lossy(units));
    } else {
        // SAFETY: same env and value, as napi-rs's own conversion expects.
        arg.heap = Some(unsafe { String::from_napi_value(env, value) }?);
    }
    Ok(arg)
}

/// All the code units of the string `value`, on the heap.
///
/// # Safety
/// `env` and `value` as napi-rs passes them to `from_napi_value`.
unsafe fn read_utf16(env: sys::napi_env, value: sys::napi_value) -> Result<Vec<u16>> {
    let mut len = 0;
    // SAFETY: with no buffer, napi only reports the length in code units.
    let status = unsafe {
        sys::napi_get_value_string_utf16(env, value, std::ptr::null_mut(), 0, &raw mut len)
    };
    if status != sys::Status::napi_ok {
        return Err(string_expected());
    }
    let mut units = vec![0u16; len + 1];
    let mut written = 0;
    // SAFETY: the buffer holds `len + 1` code units: the string and its NUL.
    let status = unsafe {
        sys::napi_get_value_string_utf16(
            env,
            value,
            units.as_mut_ptr(),
            units.len(),
            &raw mut written,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(string_expected());
    }
    units.truncate(written.min(len));
    Ok(units)
}

/// A string result.
pub struct Text(pub String);

impl ToNapiValue for Text {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let text = val.0;
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
                isize::try_from(text.len()).map_err(|_| could_not_create())?,
                &raw mut result,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(could_not_create());
        }
        Ok(result)
    }
}

/// A session ID result, given its key in the native map.
pub struct IdText(pub String);

impl ToNapiValue for IdText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let Some(units) = session_key::utf16_of(&val.0) else {
            // SAFETY: forwarded as napi-rs calls this function.
            return unsafe { Text::to_napi_value(env, Text(val.0)) };
        };
        let mut result = std::ptr::null_mut();
        // SAFETY: `units` outlives the call, which copies its `len` code units.
        let status = unsafe {
            sys::napi_create_string_utf16(
                env,
                units.as_ptr(),
                isize::try_from(units.len()).map_err(|_| could_not_create())?,
                &raw mut result,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(could_not_create());
        }
        Ok(result)
    }
}

fn could_not_create() -> Error {
    Error::new(Status::GenericFailure, "could not create a string")
}
