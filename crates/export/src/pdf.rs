//! A plain printable document as PDF bytes.
//!
//! Why it is built this way:
//! - The fonts are two of the standard 14 (Helvetica and Helvetica-Bold), not embedded. Every PDF
//!   reader and printer has them, the file stays a few kilobytes, and the app ships no font files.
//!   The price is the character set: WinAnsiEncoding covers Latin-1 and a few typographic marks
//!   (‘ ’ “ ” – — • … €), and any other character prints as `?`. The document info Title keeps the
//!   full Unicode title, so the file name shown by a reader is never mangled.
//! - Lines are broken using the fonts' published (AFM) advance widths, so a line is measured as the
//!   reader will draw it and nothing runs into the margin; a word longer than a line is cut.
//! - Layout comes first and writing second: the layout is a list of pages of positioned text, so
//!   the footer knows the page count ("page 2 of 5") and a heading can be kept with what follows.
//! - Content streams are left uncompressed: they are small, and readable when something looks off.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// A plain printable document: a title, a line under it, and sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Printed large at the top of the first page, in each page's footer, and stored as the PDF
    /// Title (which readers show instead of the file name).
    pub title: String,
    /// One line under the title, e.g. dates and who prepared it. Empty prints nothing.
    pub subtitle: String,
    /// The body, in order.
    pub sections: Vec<Section>,
}

/// A headed part of a [`Document`]. An empty heading prints no heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Printed in bold; never left alone at the foot of a page.
    pub heading: String,
    /// The section's content, in order.
    pub lines: Vec<Line>,
}

/// One item of a [`Section`]. Text may contain `\n` for hard line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A paragraph, wrapped to the page width.
    Text(String),
    /// A label in bold and its value on the same line, the value wrapping under itself: "Phone  01473 000000".
    Field {
        /// The bold part, e.g. "Phone".
        label: String,
        /// The plain part, e.g. "01473 000000".
        value: String,
    },
    /// A bulleted item.
    Bullet(String),
    /// A numbered step (the number is given).
    Step {
        /// Printed as "3." in front of the text.
        number: u32,
        /// What to do.
        text: String,
    },
}

/// The document as a PDF 1.7 file: A4 portrait, 20 mm margins, Helvetica and Helvetica-Bold (the
/// standard 14 fonts, WinAnsiEncoding, no embedding), 11 pt body, 18 pt title, 13 pt headings,
/// text wrapped by real Helvetica glyph widths (AFM widths table for the printable ASCII range and the
/// Latin-1 letters; unknown glyphs count 556/1000 em), as many pages as it needs, a heading never left
/// alone at the foot of a page, a footer on each page "<title> — page N of M", and the document info
/// dictionary Title set to the title.
pub fn render(doc: &Document) -> Vec<u8> {
    let pages = layout(doc);
    write(&doc.title, &pages)
}

// Geometry, in PDF points (1/72 inch), origin at the bottom left of the page.
const MM: f32 = 72.0 / 25.4;
const PAGE_WIDTH: f32 = 210.0 * MM;
const PAGE_HEIGHT: f32 = 297.0 * MM;
const MARGIN: f32 = 20.0 * MM;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = PAGE_WIDTH - MARGIN;
const TOP: f32 = PAGE_HEIGHT - MARGIN;
const TEXT_WIDTH: f32 = RIGHT - LEFT;

const TITLE_SIZE: f32 = 18.0;
const HEADING_SIZE: f32 = 13.0;
const BODY_SIZE: f32 = 11.0;
const FOOTER_SIZE: f32 = 9.0;
/// Row height as a multiple of the font size: generous, for tired eyes.
const LEADING: f32 = 1.35;
/// Helvetica's ascender and descender in em (from the AFM), to keep glyphs inside the margins.
const ASCENT: f32 = 0.718;
const DESCENT: f32 = 0.207;
/// The footer's descenders sit on the bottom margin.
const FOOTER_BASELINE: f32 = MARGIN + FOOTER_SIZE * DESCENT;
/// Body text stops here, leaving a clear band above the footer.
const BODY_BOTTOM: f32 = MARGIN + FOOTER_SIZE * LEADING + 12.0;

const HEADING_GAP: f32 = 14.0;
const PARAGRAPH_GAP: f32 = 6.0;
const ITEM_GAP: f32 = 3.0;
const BULLET_X: f32 = LEFT + 4.0;
const BULLET_INDENT: f32 = 16.0;
const STEP_INDENT: f32 = 22.0;
/// A label wider than this share of the line goes on its own line, the value indented below.
const LABEL_SHARE: f32 = 0.4;
const VALUE_INDENT: f32 = 16.0;
const RULE_WIDTH: f32 = 0.5;

/// WinAnsi code of the bullet and the ellipsis.
const BULLET: u8 = 0x95;
const ELLIPSIS: u8 = 0x85;

/// One of the two standard fonts used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn resource_name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }

    fn base_font(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"Helvetica"),
            Font::Bold => Name(b"Helvetica-Bold"),
        }
    }

    /// Advance width of a WinAnsi code in 1/1000 em, from Adobe's AFM files.
    fn advance(self, code: u8) -> u32 {
        let (ascii, latin1) = match self {
            Font::Regular => (&HELVETICA_ASCII, &HELVETICA_LATIN1),
            Font::Bold => (&HELVETICA_BOLD_ASCII, &HELVETICA_BOLD_LATIN1),
        };
        let width = match code {
            32..=126 => ascii[usize::from(code - 32)],
            160..=255 => latin1[usize::from(code - 160)],
            0x80 | 0x96 => 556,
            0x85 | 0x97 => 1000,
            0x95 => 350,
            0x91 | 0x92 => match self {
                Font::Regular => 222,
                Font::Bold => 278,
            },
            0x93 | 0x94 => match self {
                Font::Regular => 333,
                Font::Bold => 500,
            },
            _ => 556,
        };
        u32::from(width)
    }

    /// Width of WinAnsi text in 1/1000 em.
    fn units(self, text: &[u8]) -> u32 {
        text.iter().map(|&code| self.advance(code)).sum()
    }

    /// Width of WinAnsi text in points at `size`.
    fn width(self, text: &[u8], size: f32) -> f32 {
        points(self.units(text), size)
    }
}

fn points(units: u32, size: f32) -> f32 {
    units as f32 * size / 1000.0
}

#[rustfmt::skip]
const HELVETICA_ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    278, 278, 584, 584, 584, 556, 1015, // : to @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A to M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
    278, 278, 278, 469, 556, 333, // [ to `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a to m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n to z
    334, 260, 334, 584, // { to ~
];

#[rustfmt::skip]
const HELVETICA_LATIN1: [u16; 96] = [
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // A0 to AF
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // B0 to BF
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // C0 to CF
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // D0 to DF
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // E0 to EF
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // F0 to FF
];

#[rustfmt::skip]
const HELVETICA_BOLD_ASCII: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
    333, 333, 584, 584, 584, 611, 975, // : to @
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, // A to M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
    333, 278, 333, 584, 556, 333, // [ to `
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, // a to m
    611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, // n to z
    389, 280, 389, 584, // { to ~
];

#[rustfmt::skip]
const HELVETICA_BOLD_LATIN1: [u16; 96] = [
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // A0 to AF
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // B0 to BF
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // C0 to CF
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // D0 to DF
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // E0 to EF
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // F0 to FF
];

/// Text in WinAnsiEncoding (Windows-1252), one byte per character.
fn encode(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi).collect()
}

fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' | '\u{a0}'..='\u{ff}' => u8::try_from(c).unwrap_or(b'?'),
        '\u{20ac}' => 0x80, // €
        '\u{2026}' => ELLIPSIS,
        '\u{2018}' => 0x91, // ‘
        '\u{2019}' => 0x92, // ’
        '\u{201c}' => 0x93, // “
        '\u{201d}' => 0x94, // ”
        '\u{2022}' => BULLET,
        '\u{2013}' => 0x96, // –
        '\u{2014}' => 0x97, // —
        _ => b'?',
    }
}

/// A piece of text at a horizontal position within a row.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    x: f32,
    font: Font,
    size: f32,
    text: Vec<u8>,
}

/// One line of print; it is `size * LEADING` tall. A rule row draws a thin line across instead.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    size: f32,
    runs: Vec<Run>,
    rule: bool,
}

impl Row {
    fn height(&self) -> f32 {
        self.size * LEADING
    }
}

/// Rows that belong together, with the space above them. A block may run over a page break,
/// except one that is kept with the next: it moves to the next page with the next block's first row.
#[derive(Debug)]
struct Block {
    space_before: f32,
    rows: Vec<Row>,
    keep_with_next: bool,
}

/// Text placed on a page: `(x, y)` is the start of its baseline.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    x: f32,
    y: f32,
    font: Font,
    size: f32,
    text: Vec<u8>,
}

/// What one page shows, apart from its footer.
#[derive(Debug, Default)]
struct Page {
    texts: Vec<Placed>,
    /// Heights of horizontal rules across the text width.
    rules: Vec<f32>,
}

fn layout(doc: &Document) -> Vec<Page> {
    let blocks = blocks(doc);
    let mut pages = Pages::new();
    for (i, block) in blocks.iter().enumerate() {
        if block.keep_with_next
            && !pages.page_is_empty()
            && pages.cursor - block.space_before - kept_height(&blocks[i..]) < BODY_BOTTOM
        {
            pages.break_page();
        }
        if !pages.page_is_empty() {
            pages.cursor -= block.space_before;
        }
        for row in &block.rows {
            pages.place(row);
        }
    }
    pages.done
}

/// The height a kept block needs: itself, any kept blocks straight after it, and the first row of
/// the block they are kept with.
fn kept_height(blocks: &[Block]) -> f32 {
    let mut need = 0.0;
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            need += block.space_before;
        }
        if block.keep_with_next {
            need += block.rows.iter().map(Row::height).sum::<f32>();
        } else {
            need += block.rows.first().map_or(0.0, Row::height);
            break;
        }
    }
    need
}

/// Fills pages top to bottom.
#[derive(Debug)]
struct Pages {
    done: Vec<Page>,
    /// Top of the next row on the last page.
    cursor: f32,
}

impl Pages {
    fn new() -> Self {
        Pages {
            done: vec![Page::default()],
            cursor: TOP,
        }
    }

    fn page_is_empty(&self) -> bool {
        self.cursor >= TOP
    }

    fn break_page(&mut self) {
        self.done.push(Page::default());
        self.cursor = TOP;
    }

    fn place(&mut self, row: &Row) {
        let height = row.height();
        if self.cursor - height < BODY_BOTTOM && !self.page_is_empty() {
            self.break_page();
        }
        // Centre the glyphs' box (descender to ascender) in the row.
        let baseline = self.cursor - height / 2.0 - (ASCENT - DESCENT) / 2.0 * row.size;
        let rule_at = self.cursor - height / 2.0;
        self.cursor -= height;
        let Some(page) = self.done.last_mut() else {
            return;
        };
        if row.rule {
            page.rules.push(rule_at);
        }
        page.texts.extend(row.runs.iter().map(|run| Placed {
            x: run.x,
            y: baseline,
            font: run.font,
            size: run.size,
            text: run.text.clone(),
        }));
    }
}

fn blocks(doc: &Document) -> Vec<Block> {
    let mut header = lines(&doc.title, Font::Bold, TITLE_SIZE, LEFT, TEXT_WIDTH);
    header.extend(lines(
        &doc.subtitle,
        Font::Regular,
        BODY_SIZE,
        LEFT,
        TEXT_WIDTH,
    ));
    header.push(Row {
        size: 8.0,
        runs: Vec::new(),
        rule: true,
    });
    let mut out = vec![Block {
        space_before: 0.0,
        rows: header,
        keep_with_next: false,
    }];
    for section in &doc.sections {
        let heading = lines(&section.heading, Font::Bold, HEADING_SIZE, LEFT, TEXT_WIDTH);
        if !heading.is_empty() {
            out.push(Block {
                space_before: HEADING_GAP,
                rows: heading,
                keep_with_next: true,
            });
        }
        out.extend(section.lines.iter().map(line_block));
    }
    out
}

fn line_block(line: &Line) -> Block {
    let (space_before, rows) = match line {
        Line::Text(text) => (
            PARAGRAPH_GAP,
            lines(text, Font::Regular, BODY_SIZE, LEFT, TEXT_WIDTH),
        ),
        Line::Field { label, value } => (ITEM_GAP, field(label, value)),
        Line::Bullet(text) => (
            ITEM_GAP,
            hanging(vec![BULLET], Font::Regular, BULLET_X, BULLET_INDENT, text),
        ),
        Line::Step { number, text } => {
            let marker = format!("{number}.").into_bytes();
            let indent = STEP_INDENT.max(Font::Bold.width(&marker, BODY_SIZE) + 6.0);
            (ITEM_GAP, hanging(marker, Font::Bold, LEFT, indent, text))
        }
    };
    Block {
        space_before,
        rows,
        keep_with_next: false,
    }
}

/// A marker (bullet, step number) with the text wrapped beside it, every line indented alike.
fn hanging(marker: Vec<u8>, font: Font, marker_x: f32, indent: f32, text: &str) -> Vec<Row> {
    let mut rows = lines(
        text,
        Font::Regular,
        BODY_SIZE,
        LEFT + indent,
        TEXT_WIDTH - indent,
    );
    let marker = Run {
        x: marker_x,
        font,
        size: BODY_SIZE,
        text: marker,
    };
    prepend(&mut rows, marker);
    rows
}

fn field(label: &str, value: &str) -> Vec<Row> {
    let label_text = encode(&label.split_whitespace().collect::<Vec<_>>().join(" "));
    if label_text.is_empty() {
        return lines(value, Font::Regular, BODY_SIZE, LEFT, TEXT_WIDTH);
    }
    let value_x =
        LEFT + Font::Bold.width(&label_text, BODY_SIZE) + Font::Regular.width(b"  ", BODY_SIZE);
    if value_x - LEFT <= TEXT_WIDTH * LABEL_SHARE {
        let mut rows = lines(value, Font::Regular, BODY_SIZE, value_x, RIGHT - value_x);
        prepend(
            &mut rows,
            Run {
                x: LEFT,
                font: Font::Bold,
                size: BODY_SIZE,
                text: label_text,
            },
        );
        rows
    } else {
        let mut rows = lines(label, Font::Bold, BODY_SIZE, LEFT, TEXT_WIDTH);
        let value_x = LEFT + VALUE_INDENT;
        rows.extend(lines(
            value,
            Font::Regular,
            BODY_SIZE,
            value_x,
            RIGHT - value_x,
        ));
        rows
    }
}

/// Puts `run` at the start of the first row, or in a row of its own when there is none.
fn prepend(rows: &mut Vec<Row>, run: Run) {
    match rows.first_mut() {
        Some(first) => first.runs.insert(0, run),
        None => rows.push(Row {
            size: run.size,
            runs: vec![run],
            rule: false,
        }),
    }
}

/// The text wrapped into rows starting at `x`, each at most `width` wide.
fn lines(text: &str, font: Font, size: f32, x: f32, width: f32) -> Vec<Row> {
    wrap(text, font, size, width)
        .into_iter()
        .map(|text| {
            let runs = if text.is_empty() {
                Vec::new()
            } else {
                vec![Run {
                    x,
                    font,
                    size,
                    text,
                }]
            };
            Row {
                size,
                runs,
                rule: false,
            }
        })
        .collect()
}

/// Greedy line breaking at spaces by real glyph widths. `\n` is a hard break; runs of spaces
/// collapse; a word wider than the line is cut where it reaches the edge. Blank lines at the start
/// and end are dropped, so empty text gives no lines.
fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<Vec<u8>> {
    let fits = |units: u32| points(units, size) <= width;
    let space = font.advance(b' ');
    let mut out = Vec::new();
    for hard_line in text.split('\n') {
        let mut line: Vec<u8> = Vec::new();
        let mut line_units = 0;
        for word in hard_line.split(is_break).filter(|word| !word.is_empty()) {
            let word = encode(word);
            let word_units = font.units(&word);
            if !line.is_empty() {
                if fits(line_units + space + word_units) {
                    line.push(b' ');
                    line.extend_from_slice(&word);
                    line_units += space + word_units;
                    continue;
                }
                out.push(std::mem::take(&mut line));
            }
            // The line is empty: the word starts it, cut into pieces if wider than the line.
            line_units = 0;
            for code in word {
                let advance = font.advance(code);
                if !line.is_empty() && !fits(line_units + advance) {
                    out.push(std::mem::take(&mut line));
                    line_units = 0;
                }
                line.push(code);
                line_units += advance;
            }
        }
        out.push(line);
    }
    let Some(first) = out.iter().position(|line| !line.is_empty()) else {
        return Vec::new();
    };
    let last = out
        .iter()
        .rposition(|line| !line.is_empty())
        .unwrap_or(first);
    out.truncate(last + 1);
    out.drain(..first);
    out
}

/// Where a line may break: any white space except the no-break spaces.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// "<title> — page N of M", the title shortened with "…" if the whole would not fit on one line.
fn footer(title: &str, page: usize, count: usize) -> Placed {
    let title = encode(&title.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut text = if title.is_empty() {
        format!("page {page} of {count}").into_bytes()
    } else {
        let suffix = encode(&format!(" — page {page} of {count}"));
        let room = TEXT_WIDTH - Font::Regular.width(&suffix, FOOTER_SIZE);
        let mut text = title;
        if Font::Regular.width(&text, FOOTER_SIZE) > room {
            let room = room - Font::Regular.width(&[ELLIPSIS], FOOTER_SIZE);
            while !text.is_empty() && Font::Regular.width(&text, FOOTER_SIZE) > room {
                text.pop();
            }
            text.push(ELLIPSIS);
        }
        text.extend_from_slice(&suffix);
        text
    };
    // A page count so large that even the suffix overflows cannot happen in practice; trim anyway.
    while Font::Regular.width(&text, FOOTER_SIZE) > TEXT_WIDTH {
        text.pop();
    }
    let x = LEFT + (TEXT_WIDTH - Font::Regular.width(&text, FOOTER_SIZE)) / 2.0;
    Placed {
        x,
        y: FOOTER_BASELINE,
        font: Font::Regular,
        size: FOOTER_SIZE,
        text,
    }
}

fn write(title: &str, pages: &[Page]) -> Vec<u8> {
    let mut ids = (1..).map(Ref::new);
    let mut next_id = || ids.next().unwrap_or(Ref::new(i32::MAX));
    let catalog_id = next_id();
    let tree_id = next_id();
    let info_id = next_id();
    let regular_id = next_id();
    let bold_id = next_id();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next_id(), next_id())).collect();

    let mut pdf = Pdf::new();
    pdf.set_version(1, 7);
    pdf.catalog(catalog_id)
        .pages(tree_id)
        .lang(TextStr("en-GB"));
    pdf.document_info(info_id)
        .title(TextStr(title))
        .creator(TextStr("Inside Out Coach"));
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|&(page_id, _)| page_id))
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    for (font, id) in [(Font::Regular, regular_id), (Font::Bold, bold_id)] {
        pdf.type1_font(id)
            .base_font(font.base_font())
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }

    for (number, (page, &(page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut writer = pdf.page(page_id);
        writer
            .parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        writer
            .resources()
            .fonts()
            .pair(Font::Regular.resource_name(), regular_id)
            .pair(Font::Bold.resource_name(), bold_id);
        writer.finish();

        let mut content = Content::new();
        for &y in &page.rules {
            content
                .set_line_width(RULE_WIDTH)
                .move_to(LEFT, y)
                .line_to(RIGHT, y)
                .stroke();
        }
        let footer = footer(title, number + 1, pages.len());
        for text in page.texts.iter().chain([&footer]) {
            content
                .begin_text()
                .set_font(text.font.resource_name(), text.size)
                .set_text_matrix([1.0, 0.0, 0.0, 1.0, text.x, text.y])
                .show(Str(&text.text))
                .end_text();
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Object;
    use proptest::prelude::*;

    /// A4 and 20 mm margins, restated here rather than taken from the constants above.
    const A4: (f32, f32) = (595.28, 841.89);
    const MARGIN_PT: f32 = 56.69;
    /// Rounding slack in points (coordinates are written with limited precision).
    const SLACK: f32 = 0.02;

    fn sample() -> Document {
        Document {
            title: "Trip pack: Zoë’s weekend".into(),
            subtitle: "Lake District, 2–4 May — prepared by Sam".into(),
            sections: vec![
                Section {
                    heading: "Contacts".into(),
                    lines: vec![
                        Line::Field {
                            label: "Phone".into(),
                            value: "01473 000000".into(),
                        },
                        Line::Field {
                            label: "Social worker".into(),
                            value: "Priya Shah, duty line after 5pm".into(),
                        },
                    ],
                },
                Section {
                    heading: "Money".into(),
                    lines: vec![
                        Line::Text("Pocket money is £35.00 for the weekend.".into()),
                        Line::Bullet("Keep the card in the office safe".into()),
                    ],
                },
                Section {
                    heading: "If Zoë is missing".into(),
                    lines: vec![
                        Line::Step {
                            number: 1,
                            text: "Search the site and ring her mobile.".into(),
                        },
                        Line::Step {
                            number: 2,
                            text: "Call the police on 101 (or 999)".into(),
                        },
                    ],
                },
            ],
        }
    }

    fn load(bytes: &[u8]) -> lopdf::Document {
        match lopdf::Document::load_mem(bytes) {
            Ok(doc) => doc,
            Err(err) => panic!("lopdf cannot load the PDF: {err}"),
        }
    }

    /// Each page's text as lopdf extracts it (one line per text object).
    fn page_texts(pdf: &lopdf::Document) -> Vec<String> {
        pdf.get_pages()
            .keys()
            .map(|&number| pdf.extract_text(&[number]).expect("extract text"))
            .collect()
    }

    fn info_title(pdf: &lopdf::Document) -> String {
        let info = pdf
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .expect("Info in trailer");
        let title = pdf
            .get_dictionary(info)
            .and_then(|info| info.get(b"Title"))
            .expect("Title");
        lopdf::decode_text_string(title).expect("Title is a text string")
    }

    /// A string shown on a page, read back from the content stream by lopdf.
    #[derive(Debug)]
    struct Shown {
        page: usize,
        x: f32,
        y: f32,
        size: f32,
        font: Font,
        text: Vec<u8>,
    }

    /// Every string shown, with its absolute position. Fails on any positioning operator other
    /// than `Tm`, since the margin checks rely on positions being absolute.
    fn shown(pdf: &lopdf::Document) -> Vec<Shown> {
        let mut out = Vec::new();
        for (index, (_, &page_id)) in pdf.get_pages().iter().enumerate() {
            let media_box = pdf
                .get_dictionary(page_id)
                .and_then(|page| page.get(b"MediaBox"))
                .and_then(Object::as_array)
                .expect("MediaBox");
            let media_box: Vec<f32> = media_box
                .iter()
                .map(|n| n.as_float().expect("number"))
                .collect();
            assert!((media_box[2] - A4.0).abs() < 0.1 && (media_box[3] - A4.1).abs() < 0.1);

            let fonts = pdf.get_page_fonts(page_id).expect("page fonts");
            let ops = pdf
                .get_and_decode_page_content(page_id)
                .expect("content decodes");
            let (mut font, mut size, mut x, mut y) = (None, 0.0, f32::NAN, f32::NAN);
            for op in ops.operations {
                let number = |i: usize| op.operands[i].as_float().expect("number operand");
                match op.operator.as_str() {
                    "Tf" => {
                        let name = op.operands[0].as_name().expect("font name");
                        let dict = fonts.get(name).expect("font in resources");
                        assert_eq!(
                            dict.get(b"Encoding").and_then(Object::as_name).ok(),
                            Some(&b"WinAnsiEncoding"[..])
                        );
                        font = match dict.get(b"BaseFont").and_then(Object::as_name) {
                            Ok(b"Helvetica") => Some(Font::Regular),
                            Ok(b"Helvetica-Bold") => Some(Font::Bold),
                            other => panic!("unexpected font {other:?}"),
                        };
                        size = number(1);
                    }
                    "Tm" => (x, y) = (number(4), number(5)),
                    "BT" => (x, y) = (f32::NAN, f32::NAN),
                    "Tj" => out.push(Shown {
                        page: index + 1,
                        x,
                        y,
                        size,
                        font: font.expect("font set before text"),
                        text: op.operands[0].as_str().expect("string").to_vec(),
                    }),
                    "Td" | "TD" | "T*" | "'" | "\"" | "TJ" | "cm" => {
                        panic!("unexpected operator {}", op.operator)
                    }
                    _ => {}
                }
            }
        }
        out
    }

    fn assert_inside_margins(pdf: &lopdf::Document) {
        for s in shown(pdf) {
            let width = s.font.width(&s.text, s.size);
            let inside = s.x >= MARGIN_PT - SLACK
                && s.x + width <= A4.0 - MARGIN_PT + SLACK
                && s.y - DESCENT * s.size >= MARGIN_PT - SLACK
                && s.y + ASCENT * s.size <= A4.1 - MARGIN_PT + SLACK;
            assert!(inside, "outside the margins (width {width}): {s:?}");
        }
    }

    #[test]
    fn sample_document_round_trips_through_lopdf() {
        let pdf = load(&render(&sample()));
        assert_eq!(pdf.get_pages().len(), 1);
        assert_eq!(info_title(&pdf), "Trip pack: Zoë’s weekend");
        let text = page_texts(&pdf).concat();
        // lopdf maps WinAnsi codes back to Unicode, so Latin-1 and the curly quote survive.
        for expected in [
            "Trip pack: Zoë’s weekend",
            "Lake District, 2–4 May — prepared by Sam",
            "Contacts",
            "Money",
            "If Zoë is missing",
            "Phone",
            "01473 000000",
            "Social worker",
            "Priya Shah, duty line after 5pm",
            "Pocket money is £35.00 for the weekend.",
            "•",
            "Keep the card in the office safe",
            "1.",
            "Search the site and ring her mobile.",
            "2.",
            "Call the police on 101 (or 999)",
            "Trip pack: Zoë’s weekend — page 1 of 1",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from {text:?}"
            );
        }
        assert_inside_margins(&pdf);
    }

    #[test]
    fn field_value_shares_the_label_line_and_wraps_under_itself() {
        let value = "word ".repeat(120);
        let doc = Document {
            title: "T".into(),
            subtitle: String::new(),
            sections: vec![Section {
                heading: String::new(),
                lines: vec![Line::Field {
                    label: "Phone".into(),
                    value,
                }],
            }],
        };
        let shown = shown(&load(&render(&doc)));
        let label = shown
            .iter()
            .find(|s| s.text == b"Phone")
            .expect("label shown");
        assert_eq!(label.font, Font::Bold);
        let values: Vec<&Shown> = shown
            .iter()
            .filter(|s| s.text.starts_with(b"word"))
            .collect();
        assert!(values.len() > 2, "the value wraps");
        assert!(
            (values[0].y - label.y).abs() < SLACK,
            "first value line beside the label"
        );
        let value_x = values[0].x;
        assert!(value_x > label.x + Font::Bold.width(b"Phone", BODY_SIZE));
        assert!(
            values.iter().all(|s| (s.x - value_x).abs() < SLACK),
            "value wraps under itself"
        );
    }

    #[test]
    fn long_document_paginates_with_footers_inside_margins() {
        let paragraph = |i: usize| {
            format!("Paragraph {i}: the young person settled well and asked about the next visit.")
        };
        let doc = Document {
            title: "Case notes".into(),
            subtitle: "All sessions".into(),
            sections: vec![Section {
                heading: "Sessions".into(),
                lines: (0..200).map(|i| Line::Text(paragraph(i))).collect(),
            }],
        };
        let pdf = load(&render(&doc));
        let pages = page_texts(&pdf);
        let count = pages.len();
        assert!(count >= 4, "200 paragraphs take several pages, got {count}");
        for (i, text) in pages.iter().enumerate() {
            let footer = format!("Case notes — page {} of {count}\n", i + 1);
            assert!(text.ends_with(&footer), "page {}: {text:?}", i + 1);
        }
        // Nothing lost or repeated across page breaks.
        let all = pages.concat();
        for i in 0..200 {
            assert_eq!(
                all.matches(&format!("Paragraph {i}:")).count(),
                1,
                "paragraph {i}"
            );
        }
        assert_inside_margins(&pdf);
        let last_page = shown(&pdf).iter().map(|s| s.page).max();
        assert_eq!(last_page, Some(count));
    }

    #[test]
    fn word_longer_than_a_line_is_broken_inside_the_margin() {
        let word: String = "Wolverhampton".repeat(40).chars().take(500).collect();
        let doc = Document {
            title: word.clone(),
            subtitle: word.clone(),
            sections: vec![Section {
                heading: word.clone(),
                lines: vec![
                    Line::Text(word.clone()),
                    Line::Bullet(word.clone()),
                    Line::Field {
                        label: word.clone(),
                        value: word.clone(),
                    },
                    Line::Field {
                        label: "Note".into(),
                        value: word.clone(),
                    },
                    Line::Step {
                        number: 4_000_000_000,
                        text: word.clone(),
                    },
                ],
            }],
        };
        let pdf = load(&render(&doc));
        assert_inside_margins(&pdf);
        // The lines of plain body text at the left margin are the subtitle's and the paragraph's:
        // cut into pieces, in order, nothing lost.
        let pieces: Vec<Shown> = shown(&pdf)
            .into_iter()
            .filter(|s| s.size == BODY_SIZE && s.font == Font::Regular && s.x < LEFT + 1.0)
            .collect();
        assert!(
            pieces.len() > 6,
            "the word is cut into several lines, got {}",
            pieces.len()
        );
        let joined: Vec<u8> = pieces.iter().flat_map(|s| s.text.clone()).collect();
        assert_eq!(String::from_utf8_lossy(&joined), word.repeat(2));
    }

    #[test]
    fn heading_is_never_last_on_a_page() {
        let mut pushed = 0;
        for before in 0..70 {
            let doc = Document {
                title: "Plan".into(),
                subtitle: String::new(),
                sections: vec![
                    Section {
                        heading: "Before".into(),
                        lines: (0..before)
                            .map(|i| Line::Text(format!("Line {i}")))
                            .collect(),
                    },
                    Section {
                        heading: "After".into(),
                        lines: vec![Line::Text("The first line after the heading.".into())],
                    },
                ],
            };
            let shown = shown(&load(&render(&doc)));
            let pages = shown.iter().map(|s| s.page).max().unwrap_or(0);
            for page in 1..=pages {
                let body: Vec<&Shown> = shown
                    .iter()
                    .filter(|s| s.page == page && s.size != FOOTER_SIZE)
                    .collect();
                let last = body.last().expect("page has body text");
                assert!(
                    last.size != HEADING_SIZE,
                    "heading alone at foot of page {page}: {last:?}"
                );
                if page > 1 && body[0].text == b"After" {
                    pushed += 1;
                }
            }
        }
        assert!(
            pushed > 0,
            "no case put the heading at a page break, so the rule went untested"
        );
    }

    #[test]
    fn empty_document_and_empty_lines_render() {
        let empty = Document {
            title: String::new(),
            subtitle: String::new(),
            sections: vec![],
        };
        let pdf = load(&render(&empty));
        assert_eq!(pdf.get_pages().len(), 1);
        assert_eq!(info_title(&pdf), "");
        assert_eq!(page_texts(&pdf), vec!["page 1 of 1\n".to_string()]);

        let blanks = Document {
            title: " ".into(),
            subtitle: "\n".into(),
            sections: vec![
                Section {
                    heading: String::new(),
                    lines: vec![],
                },
                Section {
                    heading: "\n \n".into(),
                    lines: vec![
                        Line::Text(String::new()),
                        Line::Bullet(String::new()),
                        Line::Field {
                            label: String::new(),
                            value: String::new(),
                        },
                        Line::Field {
                            label: "Only a label".into(),
                            value: String::new(),
                        },
                        Line::Step {
                            number: 0,
                            text: String::new(),
                        },
                    ],
                },
            ],
        };
        let pdf = load(&render(&blanks));
        assert_eq!(pdf.get_pages().len(), 1);
        let text = page_texts(&pdf).concat();
        assert!(text.contains("Only a label") && text.contains("0.") && text.contains("•"));
        assert_inside_margins(&pdf);
    }

    fn check_encoding(input: &str, expected: &[u8]) {
        assert_eq!(encode(input), expected, "encoding {input:?}");
    }

    #[test]
    fn encoding_is_win_ansi_with_question_marks_for_the_rest() {
        check_encoding("Phone 01473", b"Phone 01473");
        check_encoding("£35 Zoë é ÿ \u{a0}", b"\xa335 Zo\xeb \xe9 \xff \xa0");
        check_encoding("‘’“”–—•…€", b"\x91\x92\x93\x94\x96\x97\x95\x85\x80");
        check_encoding("Łódź 你好 😀 \t\u{7}", b"?\xf3d? ?? ? ??");
    }

    #[test]
    fn widths_follow_the_helvetica_metrics() {
        // Spot checks against Adobe's Helvetica.afm and Helvetica-Bold.afm.
        assert_eq!(Font::Regular.units(b"Wi"), 944 + 222);
        assert_eq!(Font::Bold.units(b"Wi"), 944 + 278);
        assert_eq!(Font::Regular.units(&encode("£ë’€")), 556 + 556 + 222 + 556);
        assert_eq!(Font::Bold.units(&encode("ñ“")), 611 + 500);
        assert_eq!(Font::Regular.units(&[0x81]), 556, "unknown glyph");
    }

    proptest! {
        #[test]
        fn any_text_renders_and_loads_with_its_title(
            title in any::<String>(),
            subtitle in any::<String>(),
            texts in prop::collection::vec(any::<String>(), 0..8),
            number in any::<u32>(),
        ) {
            let lines = texts
                .iter()
                .enumerate()
                .map(|(i, text)| match i % 4 {
                    0 => Line::Text(text.clone()),
                    1 => Line::Bullet(text.clone()),
                    2 => Line::Field { label: text.clone(), value: text.clone() },
                    _ => Line::Step { number, text: text.clone() },
                })
                .collect();
            let doc = Document {
                title: title.clone(),
                subtitle: subtitle.clone(),
                sections: vec![Section { heading: subtitle, lines }],
            };
            let pdf = load(&render(&doc));
            prop_assert_eq!(info_title(&pdf), title);
            prop_assert!(!pdf.get_pages().is_empty());
            assert_inside_margins(&pdf);
        }
    }
}
