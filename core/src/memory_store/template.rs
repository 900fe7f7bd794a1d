//! Cookie templates: the cookie JSON of a session, shared between sessions.
//!
//! An application's session cookies differ only in `expires`, which is
//! `new Date(ms).toISOString()` of the session's expiry, already kept as a number. So a
//! cookie JSON is stored once as a template (the text without the date) plus that number,
//! instead of ~90 bytes a session. A cookie becomes a template only when rebuilding it
//! from the template and the number gives back exactly the same bytes, and only when it
//! is a flat object (so the JavaScript side may copy a parsed template shallowly).
//!
//! At most `MAX_TEMPLATES` exist; a cookie that fits none is stored inline, in its session.
//! A template no session uses is replaced when a new one needs its slot. Templates are
//! named by a serial number that is never reused, so a serial cached by JavaScript either
//! names the same text or nothing.

use std::cell::Cell;

use super::json::{for_each_member, ValueKind};
use crate::calendar::{civil_from_days, whole_ms, MS_PER_DAY};
use crate::digits::put_digits;

pub(super) const MAX_TEMPLATES: usize = 64;
/// Length of `YYYY-MM-DDTHH:mm:ss.sssZ`.
pub(super) const ISO_LEN: usize = 24;
/// The date with its quotes, as it is cut out of the cookie JSON.
const QUOTED_ISO_LEN: usize = ISO_LEN + 2;
const NO_DATE: u32 = u32::MAX;

#[derive(Debug)]
struct Template {
    /// The cookie JSON, without the quoted date when `date_at` is not `NO_DATE`.
    text: Box<str>,
    /// Where the quoted date goes in `text`.
    date_at: u32,
    /// Sessions using the template.
    refs: u32,
    serial: u64,
}

impl Template {
    fn has_date(&self) -> bool {
        self.date_at != NO_DATE
    }

    fn parts(&self) -> (&str, &str) {
        if self.has_date() {
            self.text
                .split_at_checked(self.date_at as usize)
                .unwrap_or((&self.text, ""))
        } else {
            (&self.text, "")
        }
    }

    /// Whether `cookie` is this template with the date of `expires_ms`.
    fn matches(&self, cookie: &str, expires_ms: f64) -> bool {
        if !self.has_date() {
            return *self.text == *cookie;
        }
        let (head, tail) = self.parts();
        if cookie.len() != self.text.len() + QUOTED_ISO_LEN
            || !cookie.starts_with(head)
            || !cookie.ends_with(tail)
        {
            return false;
        }
        iso_date(expires_ms)
            .is_some_and(|iso| is_quoted(cookie.get(head.len()..head.len() + QUOTED_ISO_LEN), &iso))
    }
}

fn is_quoted(text: Option<&str>, iso: &[u8; ISO_LEN]) -> bool {
    match text.map(str::as_bytes) {
        Some([b'"', inner @ .., b'"']) => inner == iso,
        _ => false,
    }
}

/// A cookie JSON split for templating.
struct Shape<'a> {
    head: &'a str,
    tail: &'a str,
    has_date: bool,
}

/// How `cookie` would be templated with expiry `expires_ms`: `None` when it cannot be
/// (not a flat object, a duplicate `expires`, or a date that is not exactly the ISO text
/// of `expires_ms`).
fn shape(cookie: &str, expires_ms: f64) -> Option<Shape<'_>> {
    let mut date = None;
    let mut flat = true;
    let mut duplicate = false;
    for_each_member(cookie, |member, kind| {
        if kind == ValueKind::Container {
            flat = false;
            return false;
        }
        if cookie.get(member.key.clone()) == Some("expires") {
            if date.is_some() {
                duplicate = true;
                return false;
            }
            date = Some((member.value.clone(), kind));
        }
        true
    })?;
    if !flat || duplicate {
        return None;
    }
    match date {
        Some((range, ValueKind::String)) => {
            let iso = iso_date(expires_ms)?;
            if range.len() != QUOTED_ISO_LEN || !is_quoted(cookie.get(range.clone()), &iso) {
                return None;
            }
            Some(Shape {
                head: cookie.get(..range.start)?,
                tail: cookie.get(range.end..)?,
                has_date: true,
            })
        }
        _ => Some(Shape {
            head: cookie,
            tail: "",
            has_date: false,
        }),
    }
}

#[derive(Debug, Default)]
pub(super) struct Templates {
    slots: Vec<Option<Template>>,
    /// The slot that matched last: most applications have a single cookie shape.
    last: usize,
    next_serial: u64,
}

impl Templates {
    fn get(&self, slot: u16) -> Option<&Template> {
        self.slots.get(usize::from(slot)).and_then(Option::as_ref)
    }

    /// The template slot for `cookie` with expiry `expires_ms`, made if needed and
    /// possible. Does not count a use: see `acquire`.
    pub(super) fn intern(&mut self, cookie: &str, expires_ms: f64) -> Option<u16> {
        if let Some(Some(template)) = self.slots.get(self.last) {
            if template.matches(cookie, expires_ms) {
                return u16::try_from(self.last).ok();
            }
        }
        let shape = shape(cookie, expires_ms)?;
        let found = self.slots.iter().position(|slot| {
            slot.as_ref().is_some_and(|t| {
                t.has_date() == shape.has_date && t.parts() == (shape.head, shape.tail)
            })
        });
        let slot = match found {
            Some(slot) => slot,
            None => self.make(&shape)?,
        };
        self.last = slot;
        u16::try_from(slot).ok()
    }

    fn make(&mut self, shape: &Shape<'_>) -> Option<usize> {
        // A free slot, else a new one, else one no session uses.
        let slot = match self.slots.iter().position(Option::is_none) {
            Some(slot) => slot,
            None if self.slots.len() < MAX_TEMPLATES => {
                self.slots.push(None);
                self.slots.len() - 1
            }
            None => self
                .slots
                .iter()
                .position(|s| s.as_ref().is_some_and(|t| t.refs == 0))?,
        };
        let date_at = if shape.has_date {
            u32::try_from(shape.head.len()).ok()?
        } else {
            NO_DATE
        };
        let mut text = String::with_capacity(shape.head.len() + shape.tail.len());
        text.push_str(shape.head);
        text.push_str(shape.tail);
        self.next_serial += 1;
        *self.slots.get_mut(slot)? = Some(Template {
            text: text.into_boxed_str(),
            date_at,
            refs: 0,
            serial: self.next_serial,
        });
        Some(slot)
    }

    /// The slot of the template named `serial`, if it still exists and can render a cookie
    /// expiring at `expires_ms`.
    pub(super) fn by_serial(&self, serial: f64, expires_ms: f64) -> Option<u16> {
        let serial = serial_from_number(serial)?;
        let named = |s: &Option<Template>| s.as_ref().is_some_and(|t| t.serial == serial);
        let slot = match self.slots.get(self.last) {
            Some(s) if named(s) => self.last,
            _ => self.slots.iter().position(named)?,
        };
        let template = self.slots.get(slot)?.as_ref()?;
        if template.has_date() && !has_iso_date(expires_ms) {
            return None;
        }
        u16::try_from(slot).ok()
    }

    pub(super) fn serial(&self, slot: u16) -> u64 {
        self.get(slot).map_or(0, |t| t.serial)
    }

    pub(super) fn has_date(&self, slot: u16) -> bool {
        self.get(slot).is_some_and(Template::has_date)
    }

    pub(super) fn acquire(&mut self, slot: u16) {
        if let Some(Some(template)) = self.slots.get_mut(usize::from(slot)) {
            template.refs = template.refs.saturating_add(1);
        }
    }

    pub(super) fn release(&mut self, slot: u16) {
        if let Some(Some(template)) = self.slots.get_mut(usize::from(slot)) {
            template.refs = template.refs.saturating_sub(1);
        }
    }

    /// Length of the cookie JSON the template renders.
    pub(super) fn rendered_len(&self, slot: u16) -> usize {
        self.get(slot).map_or(0, |t| {
            t.text.len() + if t.has_date() { QUOTED_ISO_LEN } else { 0 }
        })
    }

    /// Appends the cookie JSON, with the date of `expires_ms` when the template has one.
    pub(super) fn render(&self, slot: u16, expires_ms: f64, out: &mut String) {
        let Some(template) = self.get(slot) else {
            return;
        };
        let (head, tail) = template.parts();
        out.push_str(head);
        if template.has_date() {
            push_quoted_iso(out, expires_ms);
        }
        out.push_str(tail);
    }

    /// The template named `serial` as a JSON text, its date (if it has one) as `null`.
    pub(super) fn placeholder_json(&self, serial: f64) -> Option<String> {
        let serial = serial_from_number(serial)?;
        let template = self.slots.iter().flatten().find(|t| t.serial == serial)?;
        let (head, tail) = template.parts();
        let mut out = String::with_capacity(template.text.len() + 4);
        out.push_str(head);
        if template.has_date() {
            out.push_str("null");
        }
        out.push_str(tail);
        Some(out)
    }

    /// Forgets every template; serials are not reused.
    pub(super) fn clear(&mut self) {
        self.slots = Vec::new();
        self.last = 0;
    }

    /// Bytes held by templates, for memory estimates.
    pub(super) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Option<Template>>()
            + self
                .slots
                .iter()
                .flatten()
                .map(|t| t.text.len())
                .sum::<usize>()
    }

    #[cfg(test)]
    pub(super) fn live(&self) -> usize {
        self.slots.iter().flatten().count()
    }
}

pub(super) fn push_quoted_iso(out: &mut String, ms: f64) {
    if let Some(iso) = iso_date(ms) {
        out.push('"');
        push_iso(out, &iso);
        out.push('"');
    }
}

/// Appends an ISO date (ASCII digits and punctuation).
pub(super) fn push_iso(out: &mut String, iso: &[u8; ISO_LEN]) {
    if let Ok(text) = std::str::from_utf8(iso) {
        out.push_str(text);
    }
}

/// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years `toISOString` prints
/// with four digits.
const FIRST_4_DIGIT_MS: f64 = -62_167_219_200_000.0;
const LAST_4_DIGIT_MS: f64 = 253_402_300_799_999.0;

/// Whether `iso_date(ms)` gives a date.
pub(super) fn has_iso_date(ms: f64) -> bool {
    (FIRST_4_DIGIT_MS..=LAST_4_DIGIT_MS).contains(&ms) && ms.fract() == 0.0
}

thread_local! {
    /// The day last printed and its `YYYY-MM-DD`: expiry dates of one store mostly fall
    /// on the same day, and the calendar arithmetic is most of the cost of a date.
    static LAST_DAY: Cell<(i64, [u8; 10])> = const { Cell::new((i64::MIN, [0; 10])) };
}

/// `new Date(ms).toISOString()` for whole milliseconds in years 0 to 9999 (what session
/// cookies hold); `None` otherwise.
pub(super) fn iso_date(ms: f64) -> Option<[u8; ISO_LEN]> {
    if !has_iso_date(ms) {
        return None;
    }
    let t = whole_ms(ms);
    let days = t.div_euclid(MS_PER_DAY);
    let ms_of_day = t.rem_euclid(MS_PER_DAY);
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let date = LAST_DAY.with(|last| {
        let (last_days, last_date) = last.get();
        if last_days == days {
            return last_date;
        }
        let (year, month, day) = civil_from_days(days);
        let mut date = *b"0000-00-00";
        put_digits(&mut date[0..4], year.unsigned_abs());
        put_digits(&mut date[5..7], month.unsigned_abs());
        put_digits(&mut date[8..10], day.unsigned_abs());
        last.set((days, date));
        date
    });
    out[..10].copy_from_slice(&date);
    put_digits(&mut out[11..13], (ms_of_day / 3_600_000).unsigned_abs());
    put_digits(&mut out[14..16], (ms_of_day / 60_000 % 60).unsigned_abs());
    put_digits(&mut out[17..19], (ms_of_day / 1000 % 60).unsigned_abs());
    put_digits(&mut out[20..23], (ms_of_day % 1000).unsigned_abs());
    Some(out)
}

/// A serial as JavaScript hands it back: a whole number up to 2^53 - 1, or none.
fn serial_from_number(serial: f64) -> Option<u64> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a whole number in 0..2^53 converts exactly"
    )]
    let whole = serial as u64;
    ((0.0..=MAX_SAFE_INTEGER).contains(&serial) && serial.fract() == 0.0).then_some(whole)
}

/// A serial as a JavaScript number.
#[expect(
    clippy::cast_precision_loss,
    reason = "serials count templates made; they never get near 2^53"
)]
pub(super) fn serial_number(serial: u64) -> f64 {
    serial as f64
}

#[cfg(test)]
#[expect(
    clippy::cast_precision_loss,
    reason = "tests turn small serials into the numbers JavaScript passes"
)]
mod tests {
    use super::*;

    fn iso(ms: f64) -> Option<String> {
        iso_date(ms).map(|b| String::from_utf8(b.to_vec()).unwrap())
    }

    #[test]
    fn iso_dates_match_to_iso_string() {
        // (ms, new Date(ms).toISOString()) printed by Node 20.
        let vectors: &[(f64, &str)] = &[
            (0.0, "1970-01-01T00:00:00.000Z"),
            (-1.0, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00.000Z"),
            (1_900_000_000_123.0, "2030-03-17T17:46:40.123Z"),
            (1_893_456_000_000.0, "2030-01-01T00:00:00.000Z"),
            (4_107_542_399_999.0, "2100-02-28T23:59:59.999Z"),
            (-62_167_219_200_000.0, "0000-01-01T00:00:00.000Z"),
            (253_402_300_799_999.0, "9999-12-31T23:59:59.999Z"),
            (-2_208_988_800_001.0, "1899-12-31T23:59:59.999Z"),
        ];
        for &(ms, expected) in vectors {
            assert_eq!(iso(ms).as_deref(), Some(expected), "{ms}");
        }
        for ms in [
            f64::NAN,
            f64::INFINITY,
            1.5,
            -62_167_219_200_001.0,
            253_402_300_800_000.0,
        ] {
            assert_eq!(iso(ms), None, "{ms}");
        }
    }

    const MS: f64 = 1_900_000_000_123.0;
    const COOKIE: &str = r#"{"originalMaxAge":60000,"expires":"2030-03-17T17:46:40.123Z","httpOnly":true,"path":"/"}"#;

    fn rendered(templates: &Templates, slot: u16, ms: f64) -> String {
        let mut out = String::new();
        templates.render(slot, ms, &mut out);
        assert_eq!(out.len(), templates.rendered_len(slot));
        out
    }

    #[test]
    fn a_cookie_with_its_exact_date_shares_a_template() {
        let mut templates = Templates::default();
        let slot = templates.intern(COOKIE, MS).unwrap();
        assert_eq!(rendered(&templates, slot, MS), COOKIE);
        let later = COOKIE.replace("2030-03-17T17:46:40.123Z", "2030-03-17T17:46:41.000Z");
        assert_eq!(templates.intern(&later, MS + 877.0), Some(slot));
        assert_eq!(rendered(&templates, slot, MS + 877.0), later);
        assert!(templates.has_date(slot));
        assert_eq!(
            templates
                .placeholder_json(templates.serial(slot) as f64)
                .as_deref(),
            Some(r#"{"originalMaxAge":60000,"expires":null,"httpOnly":true,"path":"/"}"#)
        );
        assert_eq!(templates.live(), 1);
    }

    #[test]
    fn cookies_that_would_not_round_trip_are_not_templated() {
        let mut templates = Templates::default();
        // The date is not the expiry given.
        assert_eq!(templates.intern(COOKIE, MS + 1.0), None);
        assert_eq!(templates.intern(COOKIE, f64::NAN), None);
        // Nested values, a duplicate expires, not an object.
        assert_eq!(templates.intern(r#"{"a":{"b":1}}"#, f64::NAN), None);
        assert_eq!(templates.intern(r#"{"a":[1]}"#, f64::NAN), None);
        let twice =
            r#"{"expires":"2030-03-17T17:46:40.123Z","expires":"2030-03-17T17:46:40.123Z"}"#;
        assert_eq!(templates.intern(twice, MS), None);
        assert_eq!(templates.intern("null", f64::NAN), None);
        assert_eq!(templates.live(), 0);
        // A cookie whose last template matched no longer matches with another date.
        let slot = templates.intern(COOKIE, MS).unwrap();
        assert_eq!(templates.intern(COOKIE, MS + 1.0), None);
        assert_eq!(templates.intern(COOKIE, MS), Some(slot));
    }

    #[test]
    fn cookies_without_a_date_are_templated_whole() {
        let mut templates = Templates::default();
        let session_cookie = r#"{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}"#;
        let slot = templates.intern(session_cookie, f64::NAN).unwrap();
        assert!(!templates.has_date(slot));
        assert_eq!(rendered(&templates, slot, 5.0), session_cookie);
        // A date string that is not the expiry's ISO text is not templated.
        let odd = r#"{"expires":"Thu, 01 Jan 1970 00:00:00 GMT"}"#;
        assert_eq!(templates.intern(odd, 0.0), None);
        assert_eq!(templates.intern(r#"{"expires":"soon"}"#, f64::NAN), None);
        // Another cookie without a date gets its own template.
        let other = templates.intern(r#"{"expires":null}"#, 5.0).unwrap();
        assert_ne!(other, slot);
        assert_eq!(rendered(&templates, other, f64::NAN), r#"{"expires":null}"#);
    }

    #[test]
    fn serials_name_one_text_and_unused_templates_make_room() {
        let mut templates = Templates::default();
        let first = templates.intern(r#"{"n":0}"#, f64::NAN).unwrap();
        let serial = templates.serial(first) as f64;
        templates.acquire(first);
        assert_eq!(templates.by_serial(serial, f64::NAN), Some(first));
        for n in 1..MAX_TEMPLATES {
            let slot = templates
                .intern(&format!(r#"{{"n":{n}}}"#), f64::NAN)
                .unwrap();
            templates.acquire(slot);
        }
        // Full, every template in use: a new cookie is not templated.
        assert_eq!(templates.intern(r#"{"n":"new"}"#, f64::NAN), None);
        templates.release(first);
        let reused = templates.intern(r#"{"n":"new"}"#, f64::NAN).unwrap();
        assert_eq!(reused, first);
        assert_eq!(templates.by_serial(serial, f64::NAN), None);
        assert_eq!(templates.placeholder_json(serial), None);
        assert_eq!(rendered(&templates, reused, f64::NAN), r#"{"n":"new"}"#);
        assert_eq!(templates.live(), MAX_TEMPLATES);
    }

    #[test]
    fn a_dated_template_needs_a_printable_expiry() {
        let mut templates = Templates::default();
        let slot = templates.intern(COOKIE, MS).unwrap();
        let serial = templates.serial(slot) as f64;
        assert_eq!(templates.by_serial(serial, MS), Some(slot));
        assert_eq!(templates.by_serial(serial, f64::NAN), None);
        assert_eq!(templates.by_serial(serial, 1e16), None);
        assert_eq!(templates.by_serial(serial + 1.0, MS), None);
    }
}
