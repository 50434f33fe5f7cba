//! An agenda as an iCalendar file (RFC 5545), for a coach's phone or desktop calendar.
//!
//! Why it is written this way:
//! - Times are floating (no time zone, no `Z`). The app records UK wall-clock times ("the review
//!   is at 10:00"), and calendar programs import a floating time as local time, which is what the
//!   coach meant. A VTIMEZONE for Europe/London would need the zone's rules in the app and would
//!   buy nothing: coaches and their calendars are in the UK.
//! - Whole-day events use `VALUE=DATE` with the exclusive end RFC 5545 prescribes, so a three-day
//!   residential shows as three days, not two.
//! - Only DTSTAMP is in UTC, as RFC 5545 requires; the caller passes it in (no clock here).
//! - Text is escaped as TEXT values must be. Control characters, which TEXT may not contain, are
//!   dropped, except that a carriage return (alone or before a line feed) becomes a line break and a
//!   tab stays. Lines are folded at 75 octets on character boundaries.
//! - A range that ends before it starts is written without DTEND, which RFC 5545 reads as an event
//!   at the start time (timed) or on the first day (whole days), rather than as an invalid event.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};

/// When an [`Event`] happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// Local wall-clock times (UK), written as floating times (no time zone), which calendar programs import as local.
    Timed {
        /// Start, local wall-clock time.
        starts: NaiveDateTime,
        /// End, local wall-clock time; should be after `starts`.
        ends: NaiveDateTime,
    },
    /// Whole days, first to last inclusive (written with VALUE=DATE and an exclusive DTEND = last + 1 day).
    Days {
        /// The first day.
        first: NaiveDate,
        /// The last day, inclusive; should not be before `first`.
        last: NaiveDate,
    },
}

/// One agenda item. Empty `summary`, `location` or `description` are left out of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across exports, so a re-imported calendar updates the event instead of adding a copy.
    pub uid: String,
    /// The event's title.
    pub summary: String,
    /// Where it happens.
    pub location: String,
    /// Notes; may contain line breaks.
    pub description: String,
    /// When it happens.
    pub when: When,
}

/// A VCALENDAR with PRODID "-//Inside Out Coach//Agenda//EN", VERSION 2.0, CALSCALE GREGORIAN,
/// METHOD PUBLISH, X-WR-CALNAME given, one VEVENT per event with UID (the given uid followed by
/// "@insideout.coach"), DTSTAMP (the `stamp`, UTC, form 20261202T101500Z), DTSTART/DTEND, SUMMARY,
/// LOCATION and DESCRIPTION only when non-empty. TEXT values escaped (backslash, semicolon, comma,
/// newline as \n), CRLF line endings, lines folded at 75 octets (never inside a UTF-8 character;
/// continuation lines start with one space).
pub fn calendar(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = Folded::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Inside Out Coach//Agenda//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.text("X-WR-CALNAME", name);
    let stamp = format!("{}Z", date_time(stamp.naive_utc()));
    for event in events {
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}@insideout.coach", escape_text(&event.uid)));
        out.line(&format!("DTSTAMP:{stamp}"));
        match event.when {
            When::Timed { starts, ends } => {
                let (starts, ends) = (whole_seconds(starts), whole_seconds(ends));
                out.line(&format!("DTSTART:{}", date_time(starts)));
                if ends > starts {
                    out.line(&format!("DTEND:{}", date_time(ends)));
                }
            }
            When::Days { first, last } => {
                out.line(&format!("DTSTART;VALUE=DATE:{}", date(first)));
                if let Some(end) = last.succ_opt().filter(|_| last >= first) {
                    out.line(&format!("DTEND;VALUE=DATE:{}", date(end)));
                }
            }
        }
        out.text("SUMMARY", &event.summary);
        out.text("LOCATION", &event.location);
        out.text("DESCRIPTION", &event.description);
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.ics
}

/// Longest content line, in octets, not counting the CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The file being written, one folded content line at a time.
#[derive(Debug, Default)]
struct Folded {
    ics: String,
}

impl Folded {
    /// Writes a content line, folding it so no physical line exceeds 75 octets. A fold is a CRLF
    /// followed by one space (which counts towards the next line) and only falls between characters.
    fn line(&mut self, content: &str) {
        let mut octets = 0;
        for c in content.chars() {
            if octets + c.len_utf8() > MAX_LINE_OCTETS {
                self.ics.push_str("\r\n ");
                octets = 1;
            }
            self.ics.push(c);
            octets += c.len_utf8();
        }
        self.ics.push_str("\r\n");
    }

    /// Writes a TEXT property, unless its value is empty.
    fn text(&mut self, name: &str, value: &str) {
        let value = escape_text(value);
        if !value.is_empty() {
            self.line(&format!("{name}:{value}"));
        }
    }
}

/// A TEXT value escaped per RFC 5545 §3.3.11, with the control characters it may not contain
/// dropped (a carriage return, alone or before a line feed, is a line break).
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Times are written to the second; comparing them truncated keeps DTEND after DTSTART.
fn whole_seconds(time: NaiveDateTime) -> NaiveDateTime {
    time.with_nanosecond(0).unwrap_or(time)
}

/// DATE form, e.g. 20261202.
fn date(day: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", day.year(), day.month(), day.day())
}

/// DATE-TIME form without a zone, e.g. 20261202T101500.
fn date_time(time: NaiveDateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}",
        date(time.date()),
        time.hour(),
        time.minute(),
        time.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use icalendar::parser::{read_calendar, unfold};
    use proptest::prelude::*;

    /// A property as the `icalendar` parser returns it. The parser itself unescapes the values of
    /// properties it knows to be TEXT (SUMMARY, LOCATION, DESCRIPTION, UID) and leaves others raw.
    #[derive(Debug, Clone, PartialEq)]
    struct Prop {
        name: String,
        params: Vec<(String, Option<String>)>,
        value: String,
    }

    #[derive(Debug)]
    struct Parsed {
        calendar: Vec<Prop>,
        events: Vec<Vec<Prop>>,
    }

    /// Parses with the `icalendar` crate: its `unfold`, then `read_calendar`.
    fn parse(ics: &str) -> Parsed {
        let unfolded = unfold(ics);
        let parsed = match read_calendar(&unfolded) {
            Ok(parsed) => parsed,
            Err(err) => panic!("icalendar rejects our file: {err}\n{ics}"),
        };
        let props = |props: &[icalendar::parser::Property<'_>]| -> Vec<Prop> {
            props
                .iter()
                .map(|p| Prop {
                    name: p.name.as_str().to_owned(),
                    params: p
                        .params
                        .iter()
                        .map(|param| {
                            let value = param.val.as_ref().map(|v| v.as_str().to_owned());
                            (param.key.as_str().to_owned(), value)
                        })
                        .collect(),
                    value: p.val.as_str().to_owned(),
                })
                .collect()
        };
        for component in &parsed.components {
            assert_eq!(component.name.as_str(), "VEVENT");
            assert!(component.components.is_empty());
        }
        Parsed {
            calendar: props(&parsed.properties),
            events: parsed
                .components
                .iter()
                .map(|c| props(&c.properties))
                .collect(),
        }
    }

    fn value<'a>(props: &'a [Prop], name: &str) -> Option<&'a str> {
        let mut found = props.iter().filter(|p| p.name == name);
        let first = found.next().map(|p| p.value.as_str());
        assert!(found.next().is_none(), "{name} appears more than once");
        first
    }

    fn params<'a>(props: &'a [Prop], name: &str) -> &'a [(String, Option<String>)] {
        &props.iter().find(|p| p.name == name).expect(name).params
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 10, 15, 0)
            .single()
            .expect("valid time")
    }

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .expect("valid time")
    }

    fn day(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).expect("valid date")
    }

    const AWKWARD: &str = "Zoë’s review, with Sam; bring C:\\notes\nand the £35";

    fn sample() -> Vec<Event> {
        vec![
            Event {
                uid: "session-42".into(),
                summary: AWKWARD.into(),
                location: "Room 3, Ipswich; ask at desk".into(),
                description: "Line one\nLine two \\ three\n\nend".into(),
                when: When::Timed {
                    starts: at(3, 9, 30),
                    ends: at(3, 11, 0),
                },
            },
            Event {
                uid: "resi-7".into(),
                summary: "Residential: Lake District".into(),
                location: String::new(),
                description: String::new(),
                when: When::Days {
                    first: day(4),
                    last: day(6),
                },
            },
        ]
    }

    /// Physical lines, each checked to end in CRLF and fit in 75 octets.
    fn assert_lines_folded(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        for line in ics.as_bytes().split_inclusive(|&b| b == b'\n') {
            let content = line.strip_suffix(b"\r\n").expect("line ends in CRLF");
            assert!(
                !content.contains(&b'\r') && !content.contains(&b'\n'),
                "bare CR or LF"
            );
            assert!(content.len() <= 75, "{} octets: {:?}", content.len(), line);
            assert!(
                std::str::from_utf8(content).is_ok(),
                "fold inside a character: {line:?}"
            );
        }
    }

    #[test]
    fn calendar_round_trips_through_the_icalendar_parser() {
        let ics = calendar("Sam’s agenda", &sample(), stamp());
        assert_lines_folded(&ics);
        let parsed = parse(&ics);

        assert_eq!(
            value(&parsed.calendar, "PRODID"),
            Some("-//Inside Out Coach//Agenda//EN")
        );
        assert_eq!(value(&parsed.calendar, "VERSION"), Some("2.0"));
        assert_eq!(value(&parsed.calendar, "CALSCALE"), Some("GREGORIAN"));
        assert_eq!(value(&parsed.calendar, "METHOD"), Some("PUBLISH"));
        assert_eq!(
            value(&parsed.calendar, "X-WR-CALNAME"),
            Some("Sam’s agenda")
        );
        assert_eq!(parsed.events.len(), 2);

        let timed = &parsed.events[0];
        assert_eq!(value(timed, "UID"), Some("session-42@insideout.coach"));
        assert_eq!(value(timed, "DTSTAMP"), Some("20261202T101500Z"));
        assert_eq!(value(timed, "DTSTART"), Some("20261203T093000"));
        assert!(
            params(timed, "DTSTART").is_empty(),
            "floating: no TZID, no VALUE"
        );
        assert_eq!(value(timed, "DTEND"), Some("20261203T110000"));
        assert_eq!(value(timed, "SUMMARY"), Some(AWKWARD));
        assert_eq!(
            value(timed, "LOCATION"),
            Some("Room 3, Ipswich; ask at desk")
        );
        assert_eq!(
            value(timed, "DESCRIPTION"),
            Some("Line one\nLine two \\ three\n\nend")
        );

        let days = &parsed.events[1];
        assert_eq!(value(days, "UID"), Some("resi-7@insideout.coach"));
        assert_eq!(value(days, "DTSTAMP"), Some("20261202T101500Z"));
        let date_param = [("VALUE".to_owned(), Some("DATE".to_owned()))];
        assert_eq!(value(days, "DTSTART"), Some("20261204"));
        assert_eq!(params(days, "DTSTART"), date_param);
        assert_eq!(
            value(days, "DTEND"),
            Some("20261207"),
            "exclusive end: last day + 1"
        );
        assert_eq!(params(days, "DTEND"), date_param);
        assert_eq!(value(days, "SUMMARY"), Some("Residential: Lake District"));
        assert_eq!(value(days, "LOCATION"), None);
        assert_eq!(value(days, "DESCRIPTION"), None);
    }

    #[test]
    fn text_is_escaped_on_the_wire() {
        // The parser's unescaping is lenient (a bare comma passes through unchanged), so the
        // escaping itself is pinned on the unfolded text.
        let ics = calendar("Trips, spring; \\ 2026", &sample(), stamp());
        let unfolded = unfold(&ics);
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        for expected in [
            r"X-WR-CALNAME:Trips\, spring\; \\ 2026",
            r"SUMMARY:Zoë’s review\, with Sam\; bring C:\\notes\nand the £35",
            r"LOCATION:Room 3\, Ipswich\; ask at desk",
            r"DESCRIPTION:Line one\nLine two \\ three\n\nend",
        ] {
            assert!(lines.contains(&expected), "{expected:?} not in {lines:#?}");
        }
        // X-WR-CALNAME is not a property the parser knows, so it returns the raw value; the
        // parser's own TEXT unescaping restores the name.
        let parsed = read_calendar(&unfolded).expect("parses");
        let name = parsed
            .properties
            .iter()
            .find(|p| p.name == "X-WR-CALNAME")
            .expect("name");
        assert_eq!(
            name.val.clone().unescape_text().as_str(),
            "Trips, spring; \\ 2026"
        );
    }

    #[test]
    fn file_layout_is_exact() {
        let ics = calendar("Agenda", &sample()[1..], stamp());
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Inside Out Coach//Agenda//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Agenda",
            "BEGIN:VEVENT",
            "UID:resi-7@insideout.coach",
            "DTSTAMP:20261202T101500Z",
            "DTSTART;VALUE=DATE:20261204",
            "DTEND;VALUE=DATE:20261207",
            "SUMMARY:Residential: Lake District",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(ics, expected);
    }

    #[test]
    fn long_multibyte_summary_folds_and_unfolds_exactly() {
        let summary: String = "Zoë’s 😀 trip — ".chars().cycle().take(300).collect();
        let event = Event {
            summary: summary.clone(),
            ..sample().remove(1)
        };
        let ics = calendar("Agenda", &[event], stamp());
        assert_lines_folded(&ics);
        let folds = ics.matches("\r\n ").count();
        assert!(
            folds >= 6,
            "a 300-character multi-byte summary needs several folds, got {folds}"
        );
        let parsed = parse(&ics);
        assert_eq!(value(&parsed.events[0], "SUMMARY"), Some(summary.as_str()));
    }

    #[test]
    fn reversed_ranges_are_written_without_an_end() {
        let mut events = sample();
        events[0].when = When::Timed {
            starts: at(3, 11, 0),
            ends: at(3, 9, 30),
        };
        events[1].when = When::Days {
            first: day(6),
            last: day(4),
        };
        let parsed = parse(&calendar("Agenda", &events, stamp()));
        assert_eq!(value(&parsed.events[0], "DTSTART"), Some("20261203T110000"));
        assert_eq!(value(&parsed.events[0], "DTEND"), None);
        assert_eq!(value(&parsed.events[1], "DTSTART"), Some("20261206"));
        assert_eq!(value(&parsed.events[1], "DTEND"), None);
    }

    #[test]
    fn control_characters_are_dropped_and_carriage_returns_break_lines() {
        let mut event = sample().remove(1);
        event.summary = "a\r\nb\rc\u{0}d\u{7f}e\tf\u{85}g".into();
        event.location = "\u{1}\u{2}".into();
        let parsed = parse(&calendar("Agenda", &[event], stamp()));
        assert_eq!(
            value(&parsed.events[0], "SUMMARY"),
            Some("a\nb\ncde\tf\u{85}g")
        );
        assert_eq!(
            value(&parsed.events[0], "LOCATION"),
            None,
            "nothing printable is left"
        );
    }

    /// What a TEXT value should read as after the round trip, per the policy in the module doc.
    fn expected_text(input: &str) -> String {
        input
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|&c| !c.is_ascii_control() || c == '\n' || c == '\t')
            .collect()
    }

    fn check_round_trip(summary: &str, location: &str, description: &str) {
        let event = Event {
            uid: "p".into(),
            summary: summary.into(),
            location: location.into(),
            description: description.into(),
            when: When::Timed {
                starts: at(3, 9, 30),
                ends: at(3, 11, 0),
            },
        };
        let ics = calendar(summary, &[event], stamp());
        assert_lines_folded(&ics);
        let parsed = parse(&ics);
        assert_eq!(parsed.events.len(), 1);
        for (name, input) in [
            ("SUMMARY", summary),
            ("LOCATION", location),
            ("DESCRIPTION", description),
        ] {
            let expected = expected_text(input);
            let expected = (!expected.is_empty()).then_some(expected.as_str());
            assert_eq!(value(&parsed.events[0], name), expected, "{name}");
        }
    }

    proptest! {
        #[test]
        fn printable_text_round_trips_exactly(
            summary in "[^\\x00-\\x08\\x0A-\\x1F\\x7F]{0,200}",
            location in "[^\\x00-\\x08\\x0B-\\x1F\\x7F]{0,100}",
            description in "[^\\x00-\\x08\\x0B-\\x1F\\x7F]{0,300}",
        ) {
            // No control characters but tab and line feed: the value must come back unchanged.
            prop_assert_eq!(expected_text(&summary), summary.clone());
            prop_assert_eq!(expected_text(&description), description.clone());
            check_round_trip(&summary, &location, &description);
        }

        #[test]
        fn any_text_parses_and_folds(
            summary in any::<String>(),
            location in any::<String>(),
            description in any::<String>(),
        ) {
            check_round_trip(&summary, &location, &description);
        }
    }
}
