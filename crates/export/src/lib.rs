//! Files for other programs: a printable document as PDF (the trip pack) and an agenda as
//! iCalendar. Both take plain data and return bytes; the app decides what goes in and where the
//! file is written.

pub mod ics;
pub mod pdf;
