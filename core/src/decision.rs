//! The end-of-response decision of express-session 1.19.0 as one pure function.
//!
//! express-session decides, per request, whether to send a `Set-Cookie` header (`onHeaders`
//! callback: `shouldSetCookie` plus the secure-connection check) and what to do with the store
//! when the response ends (`res.end` wrapper: `shouldDestroy`, `shouldSave`, `shouldTouch`).
//! The JS shim reduces the request to the booleans of [`RequestState`] and looks the
//! [`Outcome`] up in [`decision_table`]. The shim evaluates the state at the moment of each
//! decision: `set_cookie` when the headers are written, `action` when the response ends.
//!
//! # Bit layout
//!
//! [`RequestState::to_bits`] packs the state into [`INPUT_BITS`] = 15 bits, bit `i` named by
//! `INPUT_BIT_NAMES[i]`:
//!
//! | bit | name                                | bit | name                                |
//! |-----|-------------------------------------|-----|-------------------------------------|
//! | 0   | `id_is_string`                      | 8   | `resave`                            |
//! | 1   | `id_truthy`                         | 9   | `save_uninitialized`                |
//! | 2   | `session_present`                   | 10  | `rolling`                           |
//! | 3   | `from_request`                      | 11  | `has_expiry`                        |
//! | 4   | `loaded`                            | 12  | `unset_destroy`                     |
//! | 5   | `modified`                          | 13  | `store_has_touch`                   |
//! | 6   | `explicit_save_current`             | 14  | `secure_cookie_insecure_connection` |
//! | 7   | `explicit_save_stale`               |     |                                     |
//!
//! Bits 6 and 7 together encode [`ExplicitSave`]: neither set is `None`, bit 6 alone `Current`,
//! bit 7 alone `Stale`; both set is invalid ([`RequestState::from_bits`] returns `None` and the
//! table holds 0).
//!
//! [`Outcome::to_byte`] packs the result into one byte: bits 0-1 the action (0 `Nothing`,
//! 1 `Destroy`, 2 `Save`, 3 `Touch`), bit 2 `set_cookie`.

/// Whether and how `req.session.save()` was called during the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExplicitSave {
    /// `save()` was never called.
    #[default]
    None,
    /// `save()` was called and express-session's `isSaved(req.session)` holds: the session's id
    /// is still the original one and its data (cookie excluded) is unchanged since that save.
    Current,
    /// `save()` was called, but the session changed since (so `isSaved` is false).
    Stale,
}

/// What express-session knows about a request when it makes its end-of-response decisions.
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts, as express-session tests them one by one"
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RequestState {
    /// `typeof req.sessionID === 'string'`.
    pub id_is_string: bool,
    /// `Boolean(req.sessionID)`; `shouldDestroy` tests truthiness, the others `typeof`.
    pub id_truthy: bool,
    /// `req.session != null`.
    pub session_present: bool,
    /// `cookieId === req.sessionID`: the ID is the one the request's cookie carried.
    pub from_request: bool,
    /// The session was loaded from the store (`inflate`) rather than generated.
    pub loaded: bool,
    /// `isModified(req.session)`: its id or its data (cookie excluded) differs from the original.
    pub modified: bool,
    pub explicit_save: ExplicitSave,
    /// Option `resave`.
    pub resave: bool,
    /// Option `saveUninitialized`.
    pub save_uninitialized: bool,
    /// Option `rolling`.
    pub rolling: bool,
    /// `req.session.cookie.expires != null`.
    pub has_expiry: bool,
    /// Option `unset: 'destroy'`.
    pub unset_destroy: bool,
    /// `typeof store.touch === 'function'`.
    pub store_has_touch: bool,
    /// `req.session.cookie.secure` is truthy but the connection is not considered secure.
    pub secure_cookie_insecure_connection: bool,
}

/// What to do with the store when the response ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndAction {
    Nothing,
    /// `store.destroy(req.sessionID)`.
    Destroy,
    /// `req.session.save()`.
    Save,
    /// `store.touch(req.sessionID, req.session)`.
    Touch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub action: EndAction,
    /// Send the session cookie (signed `req.sessionID`) with the response headers.
    pub set_cookie: bool,
}

/// Names of the input bits, bit 0 first; see the module documentation.
pub const INPUT_BIT_NAMES: &[&str] = &[
    "id_is_string",
    "id_truthy",
    "session_present",
    "from_request",
    "loaded",
    "modified",
    "explicit_save_current",
    "explicit_save_stale",
    "resave",
    "save_uninitialized",
    "rolling",
    "has_expiry",
    "unset_destroy",
    "store_has_touch",
    "secure_cookie_insecure_connection",
];

/// Number of input bits; the decision table has `1 << INPUT_BITS` entries.
#[expect(clippy::cast_possible_truncation, reason = "a dozen names")]
pub const INPUT_BITS: u32 = INPUT_BIT_NAMES.len() as u32;

const SAVE_CURRENT: u32 = 1 << 6;
const SAVE_STALE: u32 = 1 << 7;

impl RequestState {
    /// Decodes [`RequestState::to_bits`]; `None` for the unused `ExplicitSave` code (bits 6 and
    /// 7 both set) and for bits beyond [`INPUT_BITS`].
    #[must_use]
    pub fn from_bits(bits: u32) -> Option<Self> {
        if bits >> INPUT_BITS != 0 {
            return None;
        }
        let explicit_save = match (bits & SAVE_CURRENT != 0, bits & SAVE_STALE != 0) {
            (false, false) => ExplicitSave::None,
            (true, false) => ExplicitSave::Current,
            (false, true) => ExplicitSave::Stale,
            (true, true) => return None,
        };
        let bit = |i: u32| bits & (1 << i) != 0;
        Some(Self {
            id_is_string: bit(0),
            id_truthy: bit(1),
            session_present: bit(2),
            from_request: bit(3),
            loaded: bit(4),
            modified: bit(5),
            explicit_save,
            resave: bit(8),
            save_uninitialized: bit(9),
            rolling: bit(10),
            has_expiry: bit(11),
            unset_destroy: bit(12),
            store_has_touch: bit(13),
            secure_cookie_insecure_connection: bit(14),
        })
    }

    #[must_use]
    pub fn to_bits(&self) -> u32 {
        let explicit_save = match self.explicit_save {
            ExplicitSave::None => 0,
            ExplicitSave::Current => SAVE_CURRENT,
            ExplicitSave::Stale => SAVE_STALE,
        };
        [
            (0, self.id_is_string),
            (1, self.id_truthy),
            (2, self.session_present),
            (3, self.from_request),
            (4, self.loaded),
            (5, self.modified),
            (8, self.resave),
            (9, self.save_uninitialized),
            (10, self.rolling),
            (11, self.has_expiry),
            (12, self.unset_destroy),
            (13, self.store_has_touch),
            (14, self.secure_cookie_insecure_connection),
        ]
        .iter()
        .fold(explicit_save, |acc, &(i, set)| acc | (u32::from(set) << i))
    }
}

/// How an [`Outcome`] is encoded in one byte of the decision table.
pub mod outcome_byte {
    /// The bits that hold the action.
    pub const ACTION_MASK: u8 = 0b11;
    pub const NOTHING: u8 = 0;
    pub const DESTROY: u8 = 1;
    pub const SAVE: u8 = 2;
    pub const TOUCH: u8 = 3;
    /// Set when the response carries the session cookie.
    pub const SET_COOKIE: u8 = 1 << 2;
}

impl Outcome {
    /// See [`outcome_byte`].
    #[must_use]
    pub fn to_byte(&self) -> u8 {
        let action = match self.action {
            EndAction::Nothing => outcome_byte::NOTHING,
            EndAction::Destroy => outcome_byte::DESTROY,
            EndAction::Save => outcome_byte::SAVE,
            EndAction::Touch => outcome_byte::TOUCH,
        };
        if self.set_cookie {
            action | outcome_byte::SET_COOKIE
        } else {
            action
        }
    }
}

/// express-session 1.19.0's end-of-response decision for `state`.
#[must_use]
pub fn decide(state: &RequestState) -> Outcome {
    let s = state;

    // Without a session there is no cookie to send; the only store operation left is
    // `unset: 'destroy'` removing the session whose ID the request still holds.
    if !s.session_present {
        let destroy = s.id_truthy && s.unset_destroy;
        return Outcome {
            action: if destroy {
                EndAction::Destroy
            } else {
                EndAction::Nothing
            },
            set_cookie: false,
        };
    }

    // express-session's `savedHash` is set by an explicit save(), or when loading with
    // `resave: false` (to the loaded data's hash, so `isSaved` then means "not modified").
    let saved_at_load = s.loaded && !s.resave;
    let saved_hash_set = s.explicit_save != ExplicitSave::None || saved_at_load;
    let is_saved = match s.explicit_save {
        ExplicitSave::Current => true,
        ExplicitSave::Stale => false,
        ExplicitSave::None => saved_at_load && !s.modified,
    };

    let should_save = s.id_is_string
        && if !s.save_uninitialized && !saved_hash_set && !s.from_request {
            s.modified
        } else {
            !is_saved
        };
    let should_touch = s.id_is_string && s.from_request && !should_save;

    let action = if should_save {
        EndAction::Save
    } else if s.store_has_touch && should_touch {
        EndAction::Touch
    } else {
        EndAction::Nothing
    };

    let should_set_cookie = s.id_is_string
        && if s.from_request {
            s.rolling || (s.has_expiry && s.modified)
        } else {
            s.save_uninitialized || s.modified
        };

    Outcome {
        action,
        set_cookie: should_set_cookie && !s.secure_cookie_insecure_connection,
    }
}

/// [`decide`] for every input code: index = [`RequestState::to_bits`], value =
/// [`Outcome::to_byte`], 0 for invalid codes.
#[must_use]
pub fn decision_table() -> Vec<u8> {
    (0..1u32 << INPUT_BITS)
        .map(|bits| RequestState::from_bits(bits).map_or(0, |state| decide(&state).to_byte()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A literal transcription of express-session 1.19.0 (index.js), run on concrete values.
    mod js {
        /// The JS values `req.sessionID` and `cookieId` can hold.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Value {
            Undefined,
            Str(String),
            Number(f64),
        }

        impl Value {
            pub fn str(s: &str) -> Self {
                Self::Str(s.to_string())
            }

            pub fn is_string(&self) -> bool {
                matches!(self, Self::Str(_))
            }

            pub fn truthy(&self) -> bool {
                match self {
                    Self::Undefined => false,
                    Self::Str(s) => !s.is_empty(),
                    Self::Number(n) => *n != 0.0 && !n.is_nan(),
                }
            }

            /// `===`
            pub fn strict_eq(&self, other: &Self) -> bool {
                match (self, other) {
                    (Self::Undefined, Self::Undefined) => true,
                    (Self::Str(a), Self::Str(b)) => a == b,
                    (Self::Number(a), Self::Number(b)) => a == b,
                    _ => false,
                }
            }
        }

        #[derive(Clone, Debug)]
        pub struct Session {
            /// `sess.id`, fixed when the Session object is created.
            pub id: String,
            /// The enumerable properties except `cookie`, i.e. what `hash()` serializes.
            pub data: String,
            pub cookie_expires: Option<f64>,
            pub cookie_secure: bool,
        }

        #[derive(Clone, Copy, Debug)]
        #[expect(clippy::struct_excessive_bools, reason = "express-session's options")]
        pub struct Options {
            pub resave: bool,
            pub save_uninitialized: bool,
            pub rolling: bool,
            pub unset_destroy: bool,
            pub store_implements_touch: bool,
        }

        /// The middleware closure's variables plus the request, as they are when the response
        /// is written.
        #[derive(Clone, Debug)]
        pub struct World {
            pub opts: Options,
            pub cookie_id: Value,
            pub original_id: Option<String>,
            pub original_hash: Option<String>,
            pub saved_hash: Option<String>,
            pub session_id: Value,
            pub session: Option<Session>,
            pub secure_connection: bool,
        }

        pub fn hash(sess: &Session) -> String {
            format!("sha1({})", sess.data)
        }

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum EndCall {
            Destroy,
            Save,
            Touch,
            PlainEnd,
        }

        impl World {
            fn is_modified(&self, sess: &Session) -> bool {
                self.original_id.as_deref() != Some(sess.id.as_str())
                    || self.original_hash.as_deref() != Some(hash(sess).as_str())
            }

            fn is_saved(&self, sess: &Session) -> bool {
                self.original_id.as_deref() == Some(sess.id.as_str())
                    && self.saved_hash.as_deref() == Some(hash(sess).as_str())
            }

            fn saved_hash_truthy(&self) -> bool {
                self.saved_hash.as_deref().is_some_and(|h| !h.is_empty())
            }

            fn should_destroy(&self) -> bool {
                self.session_id.truthy() && self.opts.unset_destroy && self.session.is_none()
            }

            fn should_save(&self, sess: &Session) -> bool {
                if !self.session_id.is_string() {
                    return false;
                }
                if !self.opts.save_uninitialized
                    && !self.saved_hash_truthy()
                    && !self.cookie_id.strict_eq(&self.session_id)
                {
                    self.is_modified(sess)
                } else {
                    !self.is_saved(sess)
                }
            }

            fn should_touch(&self, sess: &Session) -> bool {
                if !self.session_id.is_string() {
                    return false;
                }
                self.cookie_id.strict_eq(&self.session_id) && !self.should_save(sess)
            }

            fn should_set_cookie(&self, sess: &Session) -> bool {
                if !self.session_id.is_string() {
                    return false;
                }
                if self.cookie_id.strict_eq(&self.session_id) {
                    self.opts.rolling || (sess.cookie_expires.is_some() && self.is_modified(sess))
                } else {
                    self.opts.save_uninitialized || self.is_modified(sess)
                }
            }

            /// The `onHeaders` callback: does it call `setcookie`?
            pub fn on_headers_sets_cookie(&self) -> bool {
                let Some(sess) = &self.session else {
                    return false;
                };
                if !self.should_set_cookie(sess) {
                    return false;
                }
                if sess.cookie_secure && !self.secure_connection {
                    return false;
                }
                true
            }

            /// The `res.end` wrapper: which store call does it make?
            pub fn on_end(&self) -> EndCall {
                if self.should_destroy() {
                    return EndCall::Destroy;
                }
                let Some(sess) = &self.session else {
                    return EndCall::PlainEnd;
                };
                if self.should_save(sess) {
                    EndCall::Save
                } else if self.opts.store_implements_touch && self.should_touch(sess) {
                    EndCall::Touch
                } else {
                    EndCall::PlainEnd
                }
            }

            // The derived predicates, to check a constructed world matches its RequestState.
            pub fn cookie_id_matches(&self) -> bool {
                self.cookie_id.strict_eq(&self.session_id)
            }

            pub fn modified(&self) -> Option<bool> {
                self.session.as_ref().map(|s| self.is_modified(s))
            }

            pub fn is_saved_now(&self) -> Option<bool> {
                self.session.as_ref().map(|s| self.is_saved(s))
            }
        }
    }

    use js::{EndCall, Options, Session, Value, World};

    /// Every concrete JS situation that the state's booleans describe (several per state, e.g.
    /// "modified" by a new id, by new data, or both), filtered to those the JS agrees with.
    fn worlds(s: &RequestState) -> Vec<World> {
        let opts = Options {
            resave: s.resave,
            save_uninitialized: s.save_uninitialized,
            rolling: s.rolling,
            unset_destroy: s.unset_destroy,
            store_implements_touch: s.store_has_touch,
        };
        let session_id = match (s.id_is_string, s.id_truthy) {
            (true, true) => Value::str("sid"),
            (true, false) => Value::str(""),
            (false, true) => Value::Number(42.0),
            (false, false) => Value::Undefined,
        };
        let cookie_ids = if s.from_request {
            vec![session_id.clone()]
        } else {
            [Value::Undefined, Value::str("cookie-sid")]
                .into_iter()
                .filter(|c| !c.strict_eq(&session_id))
                .collect()
        };

        // (sess.id, data) variants relative to the original id "orig" and data "{a:1}".
        let sessions: Vec<(&str, &str)> = if s.modified {
            vec![
                ("regenerated", "{a:1}"),
                ("orig", "{a:2}"),
                ("regenerated", "{}"),
            ]
        } else {
            vec![("orig", "{a:1}")]
        };
        let original_hash = js::hash(&Session {
            id: String::new(),
            data: "{a:1}".into(),
            cookie_expires: None,
            cookie_secure: false,
        });

        let mut out = Vec::new();
        for cookie_id in &cookie_ids {
            for &(id, data) in &sessions {
                let session = Session {
                    id: id.into(),
                    data: data.into(),
                    cookie_expires: s.has_expiry.then_some(1.7e12),
                    cookie_secure: s.secure_cookie_insecure_connection,
                };
                // `inflate` sets savedHash to the loaded hash when resave is off.
                let at_load = (s.loaded && !opts.resave).then(|| original_hash.clone());
                let saved_hashes = match s.explicit_save {
                    ExplicitSave::None => vec![at_load],
                    // save() hashed exactly the current data.
                    ExplicitSave::Current => vec![Some(js::hash(&session))],
                    // save() hashed data that has changed since, or the id changed since.
                    ExplicitSave::Stale => vec![
                        Some("sha1({saved-then-changed})".to_string()),
                        Some(js::hash(&session)),
                    ],
                };
                for saved_hash in saved_hashes {
                    out.push(World {
                        opts,
                        cookie_id: cookie_id.clone(),
                        original_id: Some("orig".into()),
                        original_hash: Some(original_hash.clone()),
                        saved_hash,
                        session_id: session_id.clone(),
                        session: s.session_present.then(|| session.clone()),
                        // Secure cookies only appear when the test wants them to be blocked.
                        secure_connection: false,
                    });
                }
            }
        }
        // Keep only the worlds where the JS predicates agree with the state's description.
        out.retain(|w| {
            let saved = w.is_saved_now();
            w.cookie_id_matches() == s.from_request
                && w.modified().is_none_or(|m| m == s.modified)
                && match s.explicit_save {
                    ExplicitSave::None => true,
                    ExplicitSave::Current => saved != Some(false),
                    ExplicitSave::Stale => saved != Some(true),
                }
        });
        out
    }

    fn reference(w: &World) -> Outcome {
        let action = match w.on_end() {
            EndCall::Destroy => EndAction::Destroy,
            EndCall::Save => EndAction::Save,
            EndCall::Touch => EndAction::Touch,
            EndCall::PlainEnd => EndAction::Nothing,
        };
        Outcome {
            action,
            set_cookie: w.on_headers_sets_cookie(),
        }
    }

    #[test]
    fn decide_matches_the_js_for_every_input() {
        let mut checked_states = 0;
        let mut checked_worlds = 0;
        for bits in 0..1u32 << INPUT_BITS {
            let Some(state) = RequestState::from_bits(bits) else {
                continue;
            };
            let worlds = worlds(&state);
            assert!(!worlds.is_empty(), "no world for {state:?}");
            let got = decide(&state);
            for world in &worlds {
                assert_eq!(got, reference(world), "{state:?}\n{world:?}");
                checked_worlds += 1;
            }
            checked_states += 1;
        }
        assert_eq!(checked_states, 3 << (INPUT_BITS - 2));
        assert!(checked_worlds > checked_states);
    }

    #[test]
    fn table_matches_decide() {
        let table = decision_table();
        assert_eq!(table.len(), 1 << INPUT_BITS);
        for (bits, &byte) in (0u32..).zip(&table) {
            if let Some(state) = RequestState::from_bits(bits) {
                assert_eq!(byte, decide(&state).to_byte());
            } else {
                assert_eq!(
                    bits & (SAVE_CURRENT | SAVE_STALE),
                    SAVE_CURRENT | SAVE_STALE
                );
                assert_eq!(byte, 0);
            }
        }
    }

    #[test]
    fn bits_round_trip() {
        for bits in 0..1u32 << INPUT_BITS {
            if let Some(state) = RequestState::from_bits(bits) {
                assert_eq!(state.to_bits(), bits);
            }
        }
        assert_eq!(RequestState::from_bits(1 << INPUT_BITS), None);
        assert_eq!(RequestState::from_bits(u32::MAX), None);
        assert_eq!(RequestState::default().to_bits(), 0);
    }

    #[test]
    fn bit_names_match_the_layout() {
        assert_eq!(INPUT_BITS, 15);
        assert_eq!(INPUT_BIT_NAMES.len(), INPUT_BITS as usize);
        let single = |name: &str| {
            let i = INPUT_BIT_NAMES.iter().position(|n| *n == name).unwrap();
            RequestState::from_bits(1 << i).unwrap()
        };
        let d = RequestState::default();
        assert_eq!(
            single("id_is_string"),
            RequestState {
                id_is_string: true,
                ..d
            }
        );
        assert_eq!(
            single("id_truthy"),
            RequestState {
                id_truthy: true,
                ..d
            }
        );
        assert_eq!(
            single("session_present"),
            RequestState {
                session_present: true,
                ..d
            }
        );
        assert_eq!(
            single("from_request"),
            RequestState {
                from_request: true,
                ..d
            }
        );
        assert_eq!(single("loaded"), RequestState { loaded: true, ..d });
        assert_eq!(
            single("modified"),
            RequestState {
                modified: true,
                ..d
            }
        );
        assert_eq!(
            single("explicit_save_current"),
            RequestState {
                explicit_save: ExplicitSave::Current,
                ..d
            }
        );
        assert_eq!(
            single("explicit_save_stale"),
            RequestState {
                explicit_save: ExplicitSave::Stale,
                ..d
            }
        );
        assert_eq!(single("resave"), RequestState { resave: true, ..d });
        assert_eq!(
            single("save_uninitialized"),
            RequestState {
                save_uninitialized: true,
                ..d
            }
        );
        assert_eq!(single("rolling"), RequestState { rolling: true, ..d });
        assert_eq!(
            single("has_expiry"),
            RequestState {
                has_expiry: true,
                ..d
            }
        );
        assert_eq!(
            single("unset_destroy"),
            RequestState {
                unset_destroy: true,
                ..d
            }
        );
        assert_eq!(
            single("store_has_touch"),
            RequestState {
                store_has_touch: true,
                ..d
            }
        );
        assert_eq!(
            single("secure_cookie_insecure_connection"),
            RequestState {
                secure_cookie_insecure_connection: true,
                ..d
            }
        );
    }

    #[test]
    fn outcome_bytes() {
        let byte = |action, set_cookie| Outcome { action, set_cookie }.to_byte();
        assert_eq!(byte(EndAction::Nothing, false), 0);
        assert_eq!(byte(EndAction::Destroy, false), 1);
        assert_eq!(byte(EndAction::Save, false), 2);
        assert_eq!(byte(EndAction::Touch, false), 3);
        assert_eq!(byte(EndAction::Nothing, true), 4);
        assert_eq!(byte(EndAction::Touch, true), 7);
    }

    // Named scenarios. `base` is a request with a valid string ID and a session.
    fn base() -> RequestState {
        RequestState {
            id_is_string: true,
            id_truthy: true,
            session_present: true,
            ..RequestState::default()
        }
    }

    fn outcome(action: EndAction, set_cookie: bool) -> Outcome {
        Outcome { action, set_cookie }
    }

    #[test]
    fn new_unmodified_session_without_save_uninitialized_is_dropped() {
        let s = base();
        assert_eq!(decide(&s), outcome(EndAction::Nothing, false));
    }

    #[test]
    fn new_modified_session_without_save_uninitialized_is_saved_with_cookie() {
        let s = RequestState {
            modified: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Save, true));
    }

    #[test]
    fn new_session_with_save_uninitialized_is_saved_with_cookie() {
        let s = RequestState {
            save_uninitialized: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Save, true));
    }

    #[test]
    fn loaded_unchanged_session_without_resave_is_touched() {
        let s = RequestState {
            from_request: true,
            loaded: true,
            store_has_touch: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Touch, false));
        let no_touch = RequestState {
            store_has_touch: false,
            ..s
        };
        assert_eq!(decide(&no_touch), outcome(EndAction::Nothing, false));
    }

    #[test]
    fn loaded_unchanged_session_with_resave_is_saved() {
        let s = RequestState {
            from_request: true,
            loaded: true,
            resave: true,
            store_has_touch: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Save, false));
    }

    #[test]
    fn loaded_modified_session_is_saved() {
        let s = RequestState {
            from_request: true,
            loaded: true,
            modified: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Save, false));
        // A persistent cookie is re-sent when the session changed.
        let expiring = RequestState {
            has_expiry: true,
            ..s
        };
        assert_eq!(decide(&expiring), outcome(EndAction::Save, true));
    }

    #[test]
    fn rolling_resends_the_cookie() {
        let s = RequestState {
            from_request: true,
            loaded: true,
            rolling: true,
            store_has_touch: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Touch, true));
    }

    #[test]
    fn explicit_save_is_not_repeated() {
        let s = RequestState {
            from_request: true,
            loaded: true,
            resave: true,
            modified: true,
            explicit_save: ExplicitSave::Current,
            store_has_touch: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Touch, false));
        let stale = RequestState {
            explicit_save: ExplicitSave::Stale,
            ..s
        };
        assert_eq!(decide(&stale), outcome(EndAction::Save, false));
    }

    #[test]
    fn explicit_save_of_a_new_unmodified_session_counts_as_initialized() {
        // save() sets savedHash, so the "uninitialized" shortcut no longer applies.
        let s = RequestState {
            explicit_save: ExplicitSave::Stale,
            ..base()
        };
        assert_eq!(decide(&s).action, EndAction::Save);
        let current = RequestState {
            explicit_save: ExplicitSave::Current,
            ..base()
        };
        assert_eq!(decide(&current).action, EndAction::Nothing);
    }

    #[test]
    fn unset_destroy_destroys_a_deleted_session() {
        let s = RequestState {
            session_present: false,
            unset_destroy: true,
            rolling: true,
            save_uninitialized: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Destroy, false));
        let keep = RequestState {
            unset_destroy: false,
            ..s
        };
        assert_eq!(decide(&keep), outcome(EndAction::Nothing, false));
        // Destroy tests truthiness: an empty-string ID is not destroyed, a non-string one is.
        let empty = RequestState {
            id_truthy: false,
            ..s
        };
        assert_eq!(decide(&empty), outcome(EndAction::Nothing, false));
        let number = RequestState {
            id_is_string: false,
            ..s
        };
        assert_eq!(decide(&number), outcome(EndAction::Destroy, false));
    }

    #[test]
    fn non_string_id_does_nothing() {
        let s = RequestState {
            id_is_string: false,
            modified: true,
            save_uninitialized: true,
            rolling: true,
            store_has_touch: true,
            from_request: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Nothing, false));
    }

    #[test]
    fn secure_cookie_on_insecure_connection_is_not_sent_but_still_saved() {
        let s = RequestState {
            save_uninitialized: true,
            secure_cookie_insecure_connection: true,
            ..base()
        };
        assert_eq!(decide(&s), outcome(EndAction::Save, false));
    }
}
