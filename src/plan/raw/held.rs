//! A `[[checkin]]` table held from loading to validation: compactly when that loses
//! nothing, as read otherwise.
//!
//! A plan of 60,000 check-ins holds every one of them between the end of loading and
//! validation, which builds them into the plan: as [`RawCheckin`]s, with their optional
//! fields, TOML values and spans of machine words, about 250 bytes each and two strings.
//! The usual check-in (`metric`, a plain `date`, a number or boolean `value`, perhaps a
//! `confidence`, `note`, `by` and `source`, in a table under 64 KiB of a file under 4 GiB)
//! is held in 80 bytes and one string instead, and given back as exactly the
//! [`RawCheckin`] it was read as: validation, and every diagnostic, cannot tell.

use std::borrow::Cow;
use std::ops::Range;

use super::{CheckinValue, Datetime, RawCheckin, Spanned};

/// One `[[checkin]]` table as read: compact, or as read when it does not fit.
#[derive(Debug, Clone)]
pub enum HeldCheckin {
    /// The usual check-in, in a third of the memory.
    Compact(CompactCheckin),
    /// Any other: a missing or unusual field, or offsets past what the compact form holds.
    Read(Box<Spanned<RawCheckin>>),
}

impl HeldCheckin {
    /// `raw`, held compactly when it can be given back exactly.
    #[must_use]
    pub fn new(raw: Spanned<RawCheckin>) -> Self {
        match CompactCheckin::fixed(&raw) {
            Some(compact) => HeldCheckin::Compact(compact.with_text(raw.into_inner())),
            None => HeldCheckin::Read(Box::new(raw)),
        }
    }

    /// Each of `read`, held (in a new array: `collect` would reuse the read one, keeping
    /// its size).
    #[must_use]
    pub fn hold(read: Vec<Spanned<RawCheckin>>) -> Vec<HeldCheckin> {
        let mut held = Vec::with_capacity(read.len());
        held.extend(read.into_iter().map(HeldCheckin::new));
        held
    }

    /// The table's byte range in its file.
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        match self {
            HeldCheckin::Compact(c) => c.start as usize..c.end as usize,
            HeldCheckin::Read(raw) => raw.span(),
        }
    }

    /// The check-in exactly as read.
    #[must_use]
    pub fn raw(&self) -> Cow<'_, Spanned<RawCheckin>> {
        match self {
            HeldCheckin::Compact(c) => Cow::Owned(c.raw()),
            HeldCheckin::Read(raw) => Cow::Borrowed(raw),
        }
    }

    /// The check-in exactly as read, the held form freed.
    #[must_use]
    pub fn into_raw(self) -> Spanned<RawCheckin> {
        match self {
            HeldCheckin::Compact(c) => c.raw(),
            HeldCheckin::Read(raw) => *raw,
        }
    }
}

/// A field's span, relative to the start of its table.
#[derive(Debug, Clone, Copy, Default)]
struct Rel {
    offset: u16,
    len: u16,
}

impl Rel {
    /// `span` relative to `start`, when it lies after it and both numbers fit.
    fn new(start: usize, span: &Range<usize>) -> Option<Rel> {
        Some(Rel {
            offset: u16::try_from(span.start.checked_sub(start)?).ok()?,
            len: u16::try_from(span.end.checked_sub(span.start)?).ok()?,
        })
    }

    fn span(self, start: usize) -> Range<usize> {
        let first = start + usize::from(self.offset);
        first..first + usize::from(self.len)
    }
}

/// How the value was written (`flags`' low two bits).
const INTEGER: u8 = 0;
const FLOAT: u8 = 1;
const BOOLEAN: u8 = 2;
const KIND: u8 = 0b11;
/// Which optional fields are present.
const CONFIDENCE: u8 = 1 << 2;
const NOTE: u8 = 1 << 3;
const BY: u8 = 1 << 4;
const SOURCE: u8 = 1 << 5;

/// The usual check-in in 80 bytes and one string (see the module's documentation).
#[derive(Debug, Clone)]
pub struct CompactCheckin {
    /// `metric`, then `note`, `by` and `source` when present, one after another.
    text: Box<str>,
    /// The value's bits: an integer's, a float's, or 0 and 1 for false and true.
    value: u64,
    /// The confidence, when `flags` has [`CONFIDENCE`].
    confidence: f64,
    /// The table's byte range in its file.
    start: u32,
    end: u32,
    /// The lengths of `metric`, `note` and `by` in `text` (0 when absent).
    lens: [u32; 3],
    /// The spans of `metric`, `date`, `value` and `confidence`.
    spans: [Rel; 4],
    /// The plain date.
    date: toml::value::Date,
    /// The value's kind and which optional fields are present.
    flags: u8,
}

impl CompactCheckin {
    /// `self`, from [`CompactCheckin::fixed`], with the strings of `c`.
    fn with_text(mut self, c: RawCheckin) -> Self {
        let metric = c.metric.map_or_else(String::new, Spanned::into_inner);
        let texts = [c.note, c.by, c.source];
        let mut text = String::with_capacity(
            metric.len() + texts.iter().flatten().map(String::len).sum::<usize>(),
        );
        text.push_str(&metric);
        for (t, flag) in texts.iter().zip([NOTE, BY, SOURCE]) {
            if let Some(t) = t {
                self.flags |= flag;
                text.push_str(t);
            }
        }
        self.text = text.into_boxed_str();
        self
    }

    /// `raw` held compactly but for its strings (`text` empty, the flags of `note`, `by`
    /// and `source` unset), when it fits the compact form.
    fn fixed(raw: &Spanned<RawCheckin>) -> Option<Self> {
        let table = raw.span();
        let start = u32::try_from(table.start).ok()?;
        let end = u32::try_from(table.end).ok()?;
        let c = raw.get_ref();
        let (metric, date, value) = (c.metric.as_ref()?, c.date.as_ref()?, c.value.as_ref()?);
        let dt = &date.get_ref().0;
        let plain = dt
            .date
            .filter(|_| dt.time.is_none() && dt.offset.is_none())?;
        let (bits, mut flags) = match value.get_ref().0 {
            toml::Value::Integer(i) => (i.cast_unsigned(), INTEGER),
            toml::Value::Float(f) => (f.to_bits(), FLOAT),
            toml::Value::Boolean(b) => (u64::from(b), BOOLEAN),
            _ => return None,
        };
        let mut spans = [
            Rel::new(table.start, &metric.span())?,
            Rel::new(table.start, &date.span())?,
            Rel::new(table.start, &value.span())?,
            Rel::default(),
        ];
        let mut confidence = 0.0;
        if let Some(c) = &c.confidence {
            flags |= CONFIDENCE;
            confidence = *c.get_ref();
            spans[3] = Rel::new(table.start, &c.span())?;
        }
        let len = |t: &Option<String>| u32::try_from(t.as_ref().map_or(0, String::len)).ok();
        let lens = [
            u32::try_from(metric.get_ref().len()).ok()?,
            len(&c.note)?,
            len(&c.by)?,
        ];
        // The whole text must fit too, so that every length and offset reads back.
        let total: u64 =
            lens.iter().map(|&l| u64::from(l)).sum::<u64>() + u64::from(len(&c.source)?);
        u32::try_from(total).ok()?;
        Some(CompactCheckin {
            text: Box::default(),
            value: bits,
            confidence,
            start,
            end,
            lens,
            spans,
            date: plain,
            flags,
        })
    }

    /// The check-in exactly as read.
    fn raw(&self) -> Spanned<RawCheckin> {
        let start = self.start as usize;
        let span = |i: usize| self.spans[i].span(start);
        let (metric, mut rest) = self.text.split_at(self.lens[0] as usize);
        let mut take = |flag: u8, len: Option<u32>| {
            (self.flags & flag != 0).then(|| {
                let (t, after) = rest.split_at(len.map_or(rest.len(), |l| l as usize));
                rest = after;
                t.to_string()
            })
        };
        let note = take(NOTE, Some(self.lens[1]));
        let by = take(BY, Some(self.lens[2]));
        let source = take(SOURCE, None);
        let value = match self.flags & KIND {
            INTEGER => toml::Value::Integer(self.value.cast_signed()),
            FLOAT => toml::Value::Float(f64::from_bits(self.value)),
            _ => toml::Value::Boolean(self.value != 0),
        };
        let date = toml::value::Datetime {
            date: Some(self.date),
            time: None,
            offset: None,
        };
        let raw = RawCheckin {
            metric: Some(Spanned::new(span(0), metric.to_string())),
            date: Some(Spanned::new(span(1), Datetime(date))),
            value: Some(Spanned::new(span(2), CheckinValue(value))),
            confidence: (self.flags & CONFIDENCE != 0)
                .then(|| Spanned::new(span(3), self.confidence)),
            note,
            by,
            source,
        };
        Spanned::new(start..self.end as usize, raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `[[checkin]]` of `text`, read as a plan file reads them.
    fn read(text: &str) -> Vec<Spanned<RawCheckin>> {
        toml::from_str::<super::super::RawFile>(text)
            .unwrap()
            .checkin
    }

    #[test]
    fn a_held_checkin_gives_back_exactly_what_was_read() {
        let text = "[[checkin]]\nmetric = \"kr-1\"\ndate = 2026-10-01\nvalue = 3\n\n\
            [[checkin]]\nvalue = -0.0\nby = \"ann\"\nmetric = \"k\"\nconfidence = 0.25\ndate = 2026-10-02\n\n\
            [[checkin]]\nmetric = \"m\"\ndate = 2026-10-03\nvalue = true\nnote = \"\"\"\nfine\n\"\"\"\nsource = \"file:x.csv column v\"\n\n\
            [[checkin]]\nmetric = \"m\"\ndate = 2026-10-03\nvalue = false\nnote = \"é\"\nby = \"\"\nsource = \"\"\n\n\
            [[checkin]]\nmetric = \"m\"\ndate = 2026-10-03\nvalue = nan\nconfidence = inf\n\n\
            [[checkin]]\nmetric = \"m\"\ndate = 2026-10-03T10:00:00\nvalue = 1\n\n\
            [[checkin]]\nmetric = \"m\"\ndate = 2026-10-03\nvalue = \"1\"\n\n\
            [[checkin]]\ndate = 2026-10-03\nvalue = 1\n\n\
            [[checkin]]\nmetric = \"m\"\nvalue = 1\n\n\
            [[checkin]]\nmetric = \"m\"\ndate = 2026-10-03\n";
        let raw = read(text);
        let held: Vec<HeldCheckin> = raw.iter().cloned().map(HeldCheckin::new).collect();
        let compact = held
            .iter()
            .filter(|h| matches!(h, HeldCheckin::Compact(_)))
            .count();
        assert_eq!(compact, 5);
        for (h, r) in held.iter().zip(&raw) {
            assert_eq!(h.span(), r.span());
            assert_eq!(format!("{:?}", h.raw()), format!("{r:?}"));
            assert_eq!(format!("{:?}", h.clone().into_raw()), format!("{r:?}"));
        }
        assert!(std::mem::size_of::<CompactCheckin>() <= 80);
    }

    #[test]
    fn offsets_past_the_compact_form_keep_the_check_in_as_read() {
        let mut raw = read("[[checkin]]\nmetric = \"k\"\ndate = 2026-10-01\nvalue = 3\n").remove(0);
        let far = |raw: &Spanned<RawCheckin>, by: usize| {
            let span = raw.span();
            Spanned::new(span.start + by..span.end + by, raw.get_ref().clone())
        };
        assert!(matches!(
            HeldCheckin::new(far(&raw, u32::MAX as usize)),
            HeldCheckin::Read(_)
        ));
        // A field further than 64 KiB into its table.
        let value = raw.get_ref().value.clone().unwrap();
        raw.get_mut().value = Some(Spanned::new(70_000..70_001, value.into_inner()));
        assert!(matches!(HeldCheckin::new(raw), HeldCheckin::Read(_)));
    }
}
