//! `decision::decide` / `RequestState::from_bits` on arbitrary codes.
//!
//! Properties: no panic; `from_bits` accepts exactly the 15-bit codes whose explicit-save
//! bits are not both set and `to_bits` inverts it; `decide` agrees with `decision_table`;
//! the outcome keeps express-session's invariants (no cookie without a session, over an
//! insecure connection for a secure cookie, or without a string ID; destroy only with
//! `unset: 'destroy'` and no session; save/touch only with a string ID; touch only for the
//! request's own ID and a store with `touch`).
#![no_main]

use std::sync::OnceLock;

use express_session_core::decision::{
    decide, decision_table, EndAction, ExplicitSave, RequestState, INPUT_BITS,
};
use libfuzzer_sys::fuzz_target;

static TABLE: OnceLock<Vec<u8>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let table = TABLE.get_or_init(decision_table);
    assert_eq!(table.len(), 1 << INPUT_BITS);
    let mut word = [0u8; 4];
    let n = data.len().min(4);
    word[..n].copy_from_slice(&data[..n]);
    let bits = u32::from_le_bytes(word);

    let valid = bits >> INPUT_BITS == 0 && bits & 0xC0 != 0xC0;
    let state = RequestState::from_bits(bits);
    assert_eq!(state.is_some(), valid, "{bits:#x}");
    let Some(s) = state else {
        if bits >> INPUT_BITS == 0 {
            assert_eq!(table[bits as usize], 0);
        }
        return;
    };
    assert_eq!(s.to_bits(), bits);
    assert_eq!(RequestState::from_bits(s.to_bits()), Some(s));

    let outcome = decide(&s);
    let byte = outcome.to_byte();
    assert_eq!(table[bits as usize], byte, "{s:?}");
    assert!(byte < 8);

    if outcome.set_cookie {
        assert!(s.session_present && s.id_is_string && !s.secure_cookie_insecure_connection);
    }
    match outcome.action {
        EndAction::Destroy => {
            assert!(
                !s.session_present && s.id_truthy && s.unset_destroy,
                "{s:?}"
            )
        }
        EndAction::Save => {
            assert!(s.session_present && s.id_is_string, "{s:?}");
            assert_ne!(s.explicit_save, ExplicitSave::Current, "{s:?}");
        }
        EndAction::Touch => {
            assert!(
                s.session_present && s.id_is_string && s.from_request,
                "{s:?}"
            );
            assert!(s.store_has_touch, "{s:?}");
        }
        EndAction::Nothing => {}
    }
    // The options and the connection never matter without a session, apart from unset.
    if !s.session_present {
        assert!(!outcome.set_cookie);
    }
});
