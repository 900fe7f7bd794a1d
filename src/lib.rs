//! The napi binding of express-session-rs. It only converts JavaScript values to the core's
//! types and maps the core's errors; every rule lives in `express-session-core`.
//!
//! Calls are shaped for a cheap boundary: flat strings and numbers, never object graphs.

#![expect(
    clippy::needless_pass_by_value,
    reason = "napi-rs hands every argument over as an owned value"
)]
#![expect(
    clippy::missing_errors_doc,
    reason = "exports fail only with the napi errors made in one place (invalid_argument)"
)]

use express_session_core::{cookie_header, decision, session_id, set_cookie, signing::Signer};
use napi::bindgen_prelude::{Array, Buffer, Either};
use napi::{Error, Result, Status};
use napi_derive::napi;

use constants::{flags, read_status, ErrorCode};

pub mod constants;
mod numbers;
pub mod redis_store;
pub mod session_maps;
mod text;

/// The one place core errors become JavaScript errors. The `InvalidArg` status marks an
/// error the shim rethrows as a `TypeError` with the same message.
fn invalid_argument(message: impl ToString) -> Error {
    Error::new(Status::InvalidArg, message.to_string())
}

/// cookie@0.7's errors, coded so the shim can tell the name error (thrown first) apart.
fn cookie_error(err: set_cookie::SerializeError) -> Error<ErrorCode> {
    let code = if err.is_name() {
        ErrorCode::InvalidCookieName
    } else {
        ErrorCode::InvalidArgument
    };
    Error::new(code, err.message())
}

/// A failure of another export carried into a cookie serializer's coded result.
fn coded(err: Error) -> Error<ErrorCode> {
    Error::new(ErrorCode::InvalidArgument, err.reason.clone())
}

/// Cookie attributes as flat arguments: `max_age` and `expires` are NaN when absent.
struct FlatCookieOptions {
    max_age: f64,
    expires: f64,
    domain: Option<String>,
    path: Option<String>,
    priority: Option<String>,
    same_site: Option<String>,
    flags: u32,
}

impl FlatCookieOptions {
    fn serialize(&self, name: &str, value: &str) -> Result<String, ErrorCode> {
        let has = |bit: u32| self.flags & bit != 0;
        let same_site = if has(flags::SAME_SITE_INVALID) {
            Some(set_cookie::SameSiteOption::Invalid)
        } else if has(flags::SAME_SITE_TRUE) {
            Some(set_cookie::SameSiteOption::True)
        } else {
            self.same_site
                .as_deref()
                .map(set_cookie::SameSiteOption::Str)
        };
        let priority = if has(flags::PRIORITY_INVALID) {
            // Any value that is not low/medium/high gives the same error as the JS.
            Some("")
        } else {
            self.priority.as_deref()
        };
        let expires = if has(flags::EXPIRES_INVALID) {
            Some(f64::NAN)
        } else {
            Some(self.expires).filter(|ms| !ms.is_nan())
        };
        let options = set_cookie::CookieOptions {
            max_age: Some(self.max_age).filter(|_| has(flags::HAS_MAX_AGE)),
            domain: self.domain.as_deref(),
            path: self.path.as_deref(),
            expires,
            http_only: has(flags::HTTP_ONLY),
            secure: has(flags::SECURE),
            partitioned: has(flags::PARTITIONED),
            priority,
            same_site,
        };
        set_cookie::serialize(name, value, &options).map_err(cookie_error)
    }
}

/// A new session ID: 24 bytes from an OS-seeded CSPRNG, base64url (the `uid-safe` format).
#[napi]
#[must_use]
pub fn generate_session_id() -> String {
    session_id::generate_session_id()
}

/// `Set-Cookie` value exactly as `cookie@0.7`'s `serialize`; see `flags` for the bit layout.
#[napi]
pub fn serialize_cookie(
    name: String,
    value: String,
    max_age: f64,
    expires: f64,
    domain: Option<String>,
    path: Option<String>,
    priority: Option<String>,
    same_site: Option<String>,
    flags: u32,
) -> Result<String, ErrorCode> {
    FlatCookieOptions {
        max_age,
        expires,
        domain,
        path,
        priority,
        same_site,
        flags,
    }
    .serialize(&name, &value)
}

/// `Cookie` request header parsed as `cookie@0.7`'s `parse`: `[name, value, name, value, …]`.
#[napi]
#[must_use]
pub fn parse_cookie_header(header: String) -> Vec<String> {
    cookie_header::parse(&header)
        .into_iter()
        .flat_map(<[String; 2]>::from)
        .collect()
}

/// Every outcome of the end-of-response decision, indexed by the packed request state.
#[napi]
#[must_use]
pub fn decision_table() -> Buffer {
    decision::decision_table().into()
}

/// The names of the decision's input bits, lowest first.
#[napi]
#[must_use]
pub fn decision_input_bit_names() -> Vec<&'static str> {
    decision::INPUT_BIT_NAMES.to_vec()
}

/// The configured secrets, keyed once: the first signs, every one verifies.
#[napi]
pub struct SessionSigner {
    signer: Signer,
}

#[napi]
impl SessionSigner {
    /// Reads the array element by element rather than as a `Vec`, which would reserve room
    /// for `length` elements up front: a sparse array with a huge length must be an error,
    /// not an allocation failure.
    #[napi(constructor)]
    pub fn new(secrets: Array) -> Result<Self> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for index in 0..secrets.len() {
            let key = match secrets.get::<Either<String, Buffer>>(index)? {
                Some(Either::A(text)) => text.into_bytes(),
                Some(Either::B(bytes)) => bytes.to_vec(),
                None => return Err(invalid_argument("secrets must be strings or Buffers")),
            };
            keys.push(key);
        }
        Ok(Self {
            signer: Signer::new(&keys),
        })
    }

    #[napi]
    pub fn sign(&self, value: String) -> Result<String> {
        self.signer
            .sign(&value)
            .ok_or_else(|| invalid_argument("Secret key must be provided."))
    }

    #[napi]
    pub fn unsign(&self, signed: String) -> Option<String> {
        self.signer.unsign(&signed).map(str::to_owned)
    }

    /// The session ID carried by cookie `name` of a `Cookie` header, or why there is none
    /// (see `read_status`).
    #[napi]
    #[must_use]
    pub fn read_session_id(&self, header: String, name: String) -> Either<String, u32> {
        let raw = match cookie_header::get(&header, &name) {
            Some(raw) if !raw.is_empty() => raw,
            _ => return Either::B(read_status::NONE),
        };
        let Some(signed) = raw.strip_prefix("s:") else {
            return Either::B(read_status::UNSIGNED);
        };
        self.signer
            .unsign(signed)
            .map_or(Either::B(read_status::INVALID_SIGNATURE), |id| {
                Either::A(id.to_owned())
            })
    }

    /// The `Set-Cookie` value carrying the signed session ID (`s:` + signature).
    #[napi]
    pub fn session_cookie(
        &self,
        name: String,
        session_id: String,
        expires: f64,
        domain: Option<String>,
        path: Option<String>,
        priority: Option<String>,
        same_site: Option<String>,
        flags: u32,
    ) -> Result<String, ErrorCode> {
        let signed = self.sign(session_id).map_err(coded)?;
        FlatCookieOptions {
            max_age: f64::NAN,
            expires,
            domain,
            path,
            priority,
            same_site,
            flags: flags & !flags::HAS_MAX_AGE,
        }
        .serialize(&name, &format!("s:{signed}"))
    }
}
