//! From parsed blocks to an [`Article`]: take out boilerplate, find the title, kicker,
//! byline, date and source credit, recognise headings in plain text, and join what is
//! left into the reading text.
//!
//! The rules are heuristics tuned on saved news pages. Each works on the leading or
//! trailing blocks of the body only, so a body paragraph is never mistaken for
//! metadata because of something in the middle of it.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::collect::RawBlock;
use super::declared::{self, Declared};
use super::html::Parsed;
use super::meta::{self, Date, Meta, Origin, Provenance, TitleFrom};
use super::{Article, Block, BlockKind, Boilerplate, Encoding, EncodingFrom, Format, Link};

/// Longest title made from a first sentence, in characters.
const SENTENCE_TITLE_CHARS: usize = 90;

/// Paragraphs longer than this (in bytes) lost their breaks when the page was saved;
/// they are split at sentence boundaries into pieces of about [`PARAGRAPH_PIECE`].
const LONG_PARAGRAPH: usize = 2000;
const PARAGRAPH_PIECE: usize = 600;

/// Notices that end the readable part of a page: what follows them is furniture too.
static PAYWALL: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)^(to )?continue reading\b",
        r"(?i)^keep reading\b",
        r"(?i)^(subscribe|sign up|register|log ?in|sign in)( now| today)? (to|for) (continue|keep|read|unlock|get|access)",
        r"(?i)^(request|start|begin) (your|a) (free )?trial\b",
        r"(?i)^already (a subscriber|a member|have an account)",
        r"(?i)^this (article|story|content) is (only )?(available|reserved|for)( only)? (to )?(subscribers|members|premium)",
        r"(?i)^you('ve| have) reached your (free )?(article|story) limit",
        r"(?i)^get (full|unlimited) access\b",
        r"(?i)^(become|be) a (member|subscriber)\b",
    ])
    .expect("valid regexes")
});

/// Page furniture recognised by its words alone, when they are all the block says.
/// None of these can match a text longer than [`WHOLE_FURNITURE_MAX`] bytes.
static WHOLE_FURNITURE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)^(advertisement|advert|sponsored( content)?|promoted)$",
        r"(?i)^((continue|keep) reading|(the )?(story|article) continues) below\b.{0,40}$",
        r"(?i)^(share|share this( article| story)?|share on \w+|print|email)$",
        r"(?i)^(read|see) (more|also)\b.{0,80}$",
        r"(?i)^related( articles| stories| content| coverage)?:?$",
        r"(?i)^skip to (main )?content$",
        r"(?i)^(terms of (use|service)|privacy policy|cookie policy)$",
        r"(?i)^accept( all)?( cookies)?$",
    ])
    .expect("valid regexes")
});
const WHOLE_FURNITURE_MAX: usize = 512;

/// Page furniture recognised by how the block starts: none of these needs more than
/// [`WHOLE_FURNITURE_MAX`] bytes of it.
static FURNITURE_START: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)^(sign up|subscribe)\b.{0,60}\bnewsletter",
        r"(?i)^(©|\(c\)|copyright\b)",
        r"(?i)^(follow|like) us on\b",
    ])
    .expect("valid regexes")
});

static RIGHTS_RESERVED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\ball rights reserved\b").expect("valid regex"));

/// "Continue reading below": an advertisement's label, not a paywall's.
static AD_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(below|after (the|this) (ad|advertisement))\b").expect("valid regex"));

static COOKIE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcookies?\b").expect("valid regex"));
static COOKIE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(accept|consent|agree|policy|browsing|browser|settings|preferences)\b").expect("valid regex")
});

static DATE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:date)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex"));

static SOURCE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:[—–-]\s*)?\(([A-Za-z]{2,8})\)\s*$").expect("valid regex"));

/// Known news agencies whose credit may be in mixed case.
const AGENCIES_MIXED_CASE: &[&str] = &["Reuters", "Xinhua", "Bernama", "Yonhap", "Kyodo", "Anadolu"];

pub(crate) fn assemble(parsed: Parsed, format: Format, name: &str, decoded: (Encoding, EncodingFrom, bool)) -> Article {
    let (encoding, encoding_from, lossy) = decoded;
    let Parsed { mut blocks, links, hints, guessed } = parsed;
    mark_boilerplate(&mut blocks);

    let mut date = take_date_prefix(&mut blocks);
    let (title, title_block) = take_title(&mut blocks, &hints, format);
    let kicker = if title_block { take_kicker(&mut blocks, &hints) } else { None };
    let (byline, line_date) = take_byline_and_date_lines(&mut blocks, &hints);
    // A date prefix glued to the first sentence, once title and byline are out.
    date = date.or(line_date).or_else(|| take_date_prefix(&mut blocks));
    let source = take_source_tag(&mut blocks);
    if format == Format::Text {
        mark_headings(&mut blocks);
    }
    blocks.retain(|b| !b.text.is_empty());
    let blocks = split_long_paragraphs(blocks);

    // What the page declares comes before what its text shows (see `declared`).
    let byline = hints.byline(byline);
    let date = hints
        .date(date.map(|d| (d, Origin::DateLine)))
        .or_else(|| date_near_top(&blocks).map(|d| (d, Origin::FirstParagraph)));
    let (title, title_origin) = match title {
        Some(t) => t,
        None => match first_sentence_title(&blocks) {
            Some(t) => (t, Origin::FirstSentence),
            None => (file_stem(name), Origin::FileName),
        },
    };
    let provenance = Provenance { title: title_origin, byline: byline.as_ref().map(|b| b.1), date: date.map(|d| d.1) };
    let (title_from, byline, date) = (TitleFrom::of(title_origin), byline.map(|b| b.0), date.map(|d| d.0));
    let words = blocks.iter().filter(|b| !b.boilerplate).map(|b| crate::text::words::count(&b.text)).sum();

    let mut article = Article {
        meta: Meta {
            title,
            title_from,
            kicker,
            byline,
            date,
            source,
            words,
            format,
            encoding,
            encoding_from,
            lossy,
            provenance,
            main_text_guessed: guessed,
        },
        text: String::new(),
        blocks: Vec::new(),
        markers: Vec::new(),
        links: Vec::new(),
        boilerplate: Vec::new(),
        source_hash: String::new(),
    };
    join(&mut article, blocks, &links);
    article
}

/// Put the body blocks together into the reading text and group the furniture.
/// Links are numbered again in order of first use in the body, so a link that only
/// appeared in a footer does not leave a gap.
fn join(article: &mut Article, blocks: Vec<RawBlock>, targets: &[String]) {
    let mut numbers: HashMap<usize, usize> = HashMap::new();
    for block in blocks {
        if block.boilerplate {
            let before = article.blocks.len();
            match article.boilerplate.last_mut() {
                Some(b) if b.before == before => b.paragraphs.push(block.text),
                _ => article.boilerplate.push(Boilerplate { before, paragraphs: vec![block.text] }),
            }
            continue;
        }
        if !article.text.is_empty() {
            article.text.push_str("\n\n");
        }
        let start = article.text.len();
        let mut pos = 0;
        for (offset, old) in block.markers {
            article.text.push_str(&block.text[pos..offset]);
            let new = *numbers.entry(old).or_insert_with(|| {
                let number = article.links.len() + 1;
                let target = targets.get(old - 1).cloned().unwrap_or_default();
                article.links.push(Link { number, target });
                number
            });
            let at = article.text.len();
            article.text.push_str(&super::collect::marker(new));
            article.markers.push((at..article.text.len(), new));
            pos = offset;
        }
        article.text.push_str(&block.text[pos..]);
        article.blocks.push(Block { kind: block.kind, range: start..article.text.len() });
    }
}

fn is_paywall(text: &str) -> bool {
    text.len() < 400 && PAYWALL.is_match(text) && !AD_LABEL.is_match(text)
}

fn is_furniture(text: &str) -> bool {
    let short = text.split_whitespace().nth(80).is_none();
    // The short patterns run on a short text or the start of one: with counted
    // repetitions of any character, a regex set is much slower on a whole paragraph.
    let start = &text[..crate::text::floor_boundary(text, WHOLE_FURNITURE_MAX)];
    short
        && ((text.len() <= WHOLE_FURNITURE_MAX && WHOLE_FURNITURE.is_match(text))
            || FURNITURE_START.is_match(start)
            || RIGHTS_RESERVED.is_match(text)
            || (COOKIE.is_match(text) && COOKIE_CONTEXT.is_match(text)))
}

/// Flag paywall notices, cookie banners and the like; a paywall notice in the second
/// half of the body takes everything after it along (one already folded as page
/// furniture by the markup does not: the text goes on around it).
fn mark_boilerplate(blocks: &mut [RawBlock]) {
    let n = blocks.len();
    let mut tail_from = None;
    for (i, block) in blocks.iter_mut().enumerate() {
        if is_paywall(&block.text) {
            let in_body = !block.boilerplate;
            block.boilerplate = true;
            if in_body && tail_from.is_none() && (i * 2 >= n || n - i <= 6) {
                tail_from = Some(i);
            }
        } else if is_furniture(&block.text) {
            block.boilerplate = true;
        }
    }
    if let Some(from) = tail_from {
        for block in &mut blocks[from..] {
            block.boilerplate = true;
        }
    }
}

/// Index of the `nth` block of the body (not boilerplate, not emptied).
fn body_index(blocks: &[RawBlock], nth: usize) -> Option<usize> {
    blocks.iter().enumerate().filter(|(_, b)| !b.boilerplate && !b.text.is_empty()).nth(nth).map(|(i, _)| i)
}

/// `date 2022-12-23 The first sentence…` → the date, and the sentence alone.
fn take_date_prefix(blocks: &mut [RawBlock]) -> Option<Date> {
    let i = body_index(blocks, 0)?;
    let caps = DATE_PREFIX.captures(&blocks[i].text)?;
    let date = Date::new(caps[1].parse().ok()?, caps[2].parse().ok()?, caps[3].parse().ok()?)?;
    let len = caps.get(0)?.end();
    blocks[i].drop_front(len);
    Some(date)
}

/// A title line: short, one line, and either title case or not ending like a sentence.
fn looks_like_title(block: &RawBlock) -> bool {
    let text = block.text.as_str();
    block.is_one_line()
        && block.kind == BlockKind::Paragraph
        && text.chars().count() <= 160
        && text.split_whitespace().nth(25).is_none()
        && meta::byline(text).is_none()
        && meta::is_date_line(text).is_none()
        && (meta::is_title_case(text) || !meta::ends_like_sentence(text))
}

/// The title with where it came from (the text's heading or title line weighed
/// with what the page declares, see `declared`), and whether a heading or title line
/// was taken out of the body.
fn take_title(blocks: &mut [RawBlock], declared: &Declared, format: Format) -> (Option<(String, Origin)>, bool) {
    let Some(first) = body_index(blocks, 0) else {
        return (declared.title(None), false);
    };
    let has_more = body_index(blocks, 1).is_some();
    let block = &blocks[first];
    let heading = matches!(block.kind, BlockKind::Heading(1 | 2));
    let title_line = format == Format::Text && has_more && looks_like_title(block);
    if heading || title_line {
        let text = tidy_title(&block.text);
        blocks[first].text.clear();
        let title = declared.title(Some(&text));
        if let Some((title, _)) = &title
            && !declared::related(title, &text)
        {
            take_headline_block(blocks, title);
        }
        return (title, true);
    }
    let title = declared.title(None);
    if let Some((title, _)) = &title {
        take_headline_block(blocks, title);
    }
    (title, false)
}

/// The page's headline, shown in the body as one of its first blocks, taken out so it
/// is not read twice: a block that is the title, the title cut short, or the title
/// with the site's name.
fn take_headline_block(blocks: &mut [RawBlock], title: &str) {
    let near_top: Vec<usize> = (0..3).filter_map(|nth| body_index(blocks, nth)).collect();
    let longest = title.chars().count() * 3 / 2 + 20;
    for i in near_top {
        let b = &blocks[i];
        let text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if b.kind != BlockKind::Preformatted && text.chars().count() <= longest && declared::related(&text, title) {
            blocks[i].text.clear();
            return;
        }
    }
}

/// A title on one line, without the full stop some pages end it with.
fn tidy_title(title: &str) -> String {
    let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.strip_suffix('.') {
        Some(head) if !head.ends_with('.') => head.to_owned(),
        _ => one_line,
    }
}

/// A short line between the title and the first paragraph ("Police Training").
fn take_kicker(blocks: &mut [RawBlock], declared: &Declared) -> Option<String> {
    let i = body_index(blocks, 0)?;
    let next = body_index(blocks, 1)?;
    let b = &blocks[i];
    let text = b.text.as_str();
    let short = text.split_whitespace().nth(6).is_none() && text.chars().count() <= 60;
    let kicker = b.kind == BlockKind::Paragraph
        && b.is_one_line()
        && short
        && !meta::ends_like_sentence(text)
        && meta::byline(text).is_none()
        && meta::is_date_line(text).is_none()
        && declared.byline_line(text).is_none()
        && blocks[next].kind == BlockKind::Paragraph;
    if !kicker {
        return None;
    }
    let kicker = b.text.clone();
    blocks[i].text.clear();
    Some(kicker)
}

/// Byline and date lines among the first blocks of the body (a line at a time, so
/// `By A. Writer` on the line above `Published March 3, 2024` is found too). A line
/// naming the page's declared authors is a byline line too, without a `By`.
fn take_byline_and_date_lines(blocks: &mut [RawBlock], declared: &Declared) -> (Option<String>, Option<Date>) {
    let mut byline = None;
    let mut date = None;
    // Chosen before any is emptied, so emptying one does not shift the others.
    let candidates: Vec<usize> = (0..3).filter_map(|nth| body_index(blocks, nth)).collect();
    for i in candidates {
        loop {
            let block = &blocks[i];
            let line = block.first_line().to_owned();
            if byline.is_none()
                && let Some(name) =
                    meta::byline(&line).filter(|n| meta::is_title_case(n)).or_else(|| declared.byline_line(&line))
            {
                date = date.or_else(|| meta::find_date(&line).map(|(d, _)| d));
                byline = Some(name);
            } else if date.is_none()
                && line.split_whitespace().nth(10).is_none()
                && let Some(d) = meta::is_date_line(&line)
            {
                date = Some(d);
            } else {
                break;
            }
            blocks[i].drop_first_line();
            if blocks[i].text.is_empty() {
                break;
            }
        }
        if byline.is_some() && date.is_some() {
            break;
        }
    }
    (byline, date)
}

/// A credit like `(ANI)` closing the last paragraph: the agency's name.
fn take_source_tag(blocks: &mut [RawBlock]) -> Option<String> {
    let i = blocks.iter().rposition(|b| !b.boilerplate && !b.text.is_empty())?;
    let caps = SOURCE_TAG.captures(&blocks[i].text)?;
    let tag = caps[1].to_owned();
    let all_caps = tag.chars().all(|c| c.is_ascii_uppercase());
    if !all_caps && !AGENCIES_MIXED_CASE.contains(&tag.as_str()) {
        return None;
    }
    let start = caps.get(0)?.start();
    // Only a credit after the last sentence, not an acronym closing one: "… (TTP)".
    if !meta::ends_like_sentence(&blocks[i].text[..start]) {
        return None;
    }
    blocks[i].truncate(start);
    Some(tag)
}

/// Short title-case lines between paragraphs of plain text are section headings.
fn mark_headings(blocks: &mut [RawBlock]) {
    let body: Vec<usize> =
        (0..blocks.len()).filter(|&i| !blocks[i].boilerplate && !blocks[i].text.is_empty()).collect();
    for pair in body.windows(2) {
        let (i, next) = (pair[0], pair[1]);
        let b = &blocks[i];
        let text = b.text.as_str();
        let heading = b.kind == BlockKind::Paragraph
            && b.is_one_line()
            && b.markers.is_empty()
            && text.split_whitespace().nth(10).is_none()
            && text.chars().count() <= 80
            && !meta::ends_like_sentence(text)
            && meta::is_title_case(text)
            && blocks[next].kind == BlockKind::Paragraph
            && blocks[next].text.split_whitespace().nth(10).is_some();
        if heading {
            blocks[i].kind = BlockKind::Heading(2);
        }
    }
}

/// Break paragraphs longer than [`LONG_PARAGRAPH`] at sentence boundaries, into
/// pieces of at least [`PARAGRAPH_PIECE`] bytes (the last may be up to half again).
/// The cuts are found in one pass and made at once, so a paragraph of megabytes
/// costs its length, not its length times its pieces.
fn split_long_paragraphs(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if block.kind != BlockKind::Paragraph || block.boilerplate || block.text.len() <= LONG_PARAGRAPH {
            out.push(block);
            continue;
        }
        let text = &block.text;
        let len = text.len();
        let mut cuts = Vec::new();
        // Where the piece being measured starts: after the last cut and the
        // whitespace that follows it.
        let mut piece = 0;
        for (i, _) in crate::text::sentence_bounds(text) {
            if i >= piece + PARAGRAPH_PIECE && len - i >= PARAGRAPH_PIECE / 2 {
                cuts.push(i);
                piece = len - text[i..].trim_start().len();
            }
        }
        out.extend(block.split_all(&cuts));
    }
    out
}

/// A date written near the top of the text ("… said on March 3, 2024, that …").
fn date_near_top(blocks: &[RawBlock]) -> Option<Date> {
    let first = body_index(blocks, 0)?;
    let text = &blocks[first].text;
    meta::find_date(&text[..crate::text::floor_boundary(text, 300)]).map(|(d, _)| d)
}

/// The first sentence of the body, cut at a word boundary if it is long.
fn first_sentence_title(blocks: &[RawBlock]) -> Option<String> {
    let block = blocks.iter().find(|b| !b.boilerplate && !b.text.is_empty() && b.kind != BlockKind::Preformatted)?;
    let sentence = crate::text::sentence_ranges(&block.text)
        .map(|r| &block.text[r])
        .find(|s| s.chars().any(char::is_alphanumeric))?;
    if sentence.chars().count() <= SENTENCE_TITLE_CHARS {
        return Some(tidy_title(sentence));
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > SENTENCE_TITLE_CHARS - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = sentence.chars().take(SENTENCE_TITLE_CHARS - 1).collect();
    }
    let cut = cut.trim_end_matches([',', ';', ':', '—', '–', '-', ' ']);
    Some(format!("{cut}…"))
}

/// `notes_2024.final.txt` → `notes_2024.final`.
fn file_stem(name: &str) -> String {
    let stem = std::path::Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = crate::text::sanitize_line(&stem);
    if stem.is_empty() { "(untitled)".to_owned() } else { stem }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, parse};
    use super::*;

    fn body(a: &Article) -> Vec<(BlockKind, &str)> {
        a.blocks.iter().map(|b| (b.kind, a.block_text(b))).collect()
    }

    #[test]
    fn title_byline_and_paywall_tail() {
        let a = parse(
            b"A Title Line For Testing.\n\nByline: Jo Writer\n\nThe body paragraph is here and it is long enough.\n\n\
              Second body paragraph ends and...\n\nTo continue reading\n\nStart your trial\n\n\
              We use cookies to improve browsing. Click Accept to agree. ACCEPT",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.meta.title, "A Title Line For Testing");
        assert_eq!(a.meta.title_from, TitleFrom::Heading);
        assert_eq!(a.meta.byline.as_deref(), Some("Jo Writer"));
        assert_eq!(
            body(&a),
            [
                (BlockKind::Paragraph, "The body paragraph is here and it is long enough."),
                (BlockKind::Paragraph, "Second body paragraph ends and..."),
            ]
        );
        assert_eq!(a.boilerplate.len(), 1);
        assert_eq!(a.boilerplate[0].before, 2);
        assert_eq!(a.boilerplate[0].paragraphs.len(), 3);
        assert!(!a.text.contains("continue reading"));
    }

    #[test]
    fn a_paywall_notice_takes_what_follows_it() {
        let a = parse(
            b"A Title Line For Testing\n\nThe first paragraph is free to read and long enough to count.\n\n\
              The second paragraph is free too and also long enough.\n\nTo continue reading\n\n\
              The third paragraph was only for subscribers and says nothing like a notice.\n",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.blocks.len(), 2);
        assert!(!a.text.contains("third paragraph"));
        assert_eq!(a.boilerplate[0].paragraphs.len(), 2);
        assert!(a.boilerplate[0].paragraphs[1].starts_with("The third paragraph"));
    }

    #[test]
    fn an_advertisement_label_or_a_notice_folded_by_markup_ends_nothing() {
        let a = parse(
            b"A Title Line For Testing\n\nThe first paragraph is free to read and long enough to count.\n\n\
              The second paragraph is free too and also long enough.\n\nContinue reading below\n\n\
              The third paragraph goes on after the advertisement and is part of the story.\n",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.blocks.len(), 3, "{}", a.text);
        let a = parse(
            b"<article><h1>Title</h1><p>The first paragraph is long enough to count as the text.</p>\
              <p>The second paragraph is also long enough to count as the text.</p>\
              <aside><p>Subscribe to continue reading our best stories</p></aside>\
              <p>The third paragraph goes on after the box and is part of the story.</p></article>",
            Format::Html,
            "x.html",
        );
        assert_eq!(a.blocks.len(), 3, "{}", a.text);
        assert_eq!(a.boilerplate[0].paragraphs, ["Subscribe to continue reading our best stories"]);
    }

    #[test]
    fn kicker_and_headings() {
        let a = parse(
            b"Talks Bring a New Security Pact\n\nSecurity Talks\n\nThe first paragraph of the story runs on for a while here.\n\n\
              Focus on the Border\n\nThe second paragraph also runs on for more than ten words in total.\n",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.meta.title, "Talks Bring a New Security Pact");
        assert_eq!(a.meta.kicker.as_deref(), Some("Security Talks"));
        assert_eq!(body(&a)[1], (BlockKind::Heading(2), "Focus on the Border"));
        assert_eq!(body(&a)[0].0, BlockKind::Paragraph);
    }

    #[test]
    fn no_title_line_uses_first_sentence() {
        let a = parse(
            b"The group is a militant organisation drawn largely from the tribal districts along the frontier, and it has fought the state for years. More text.\n\nAnother paragraph.",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.meta.title_from, TitleFrom::FirstSentence);
        assert!(a.meta.title.ends_with('…'));
        assert!(a.meta.title.chars().count() <= SENTENCE_TITLE_CHARS);
        assert!(a.meta.title.starts_with("The group is a militant organisation"));
        assert!(a.text.starts_with("The group is"));
    }

    #[test]
    fn date_prefix_and_source_tag() {
        let a = parse(
            b" date 2022-12-23 Officials said the talks went well. More follows.\n\nLast paragraph ends here. (APP)\n\n",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.meta.date.map(|d| d.to_string()).as_deref(), Some("2022-12-23"));
        assert_eq!(a.meta.source.as_deref(), Some("APP"));
        assert!(a.text.starts_with("Officials said"));
        assert!(a.text.ends_with("ends here."));
        assert_eq!(a.meta.title, "Officials said the talks went well");
    }

    #[test]
    fn markdown_byline_and_date_lines() {
        let a = parse(
            b"# The Title\n*By Hina Example*\nPublished March 3, 2024\n\nBody starts here.\n",
            Format::Markdown,
            "x.md",
        );
        assert_eq!(a.meta.title, "The Title");
        assert_eq!(a.meta.byline.as_deref(), Some("Hina Example"));
        assert_eq!(a.meta.date.map(|d| d.to_string()).as_deref(), Some("2024-03-03"));
        assert_eq!(a.text, "Body starts here.");
    }

    #[test]
    fn empty_file_gets_file_name_title() {
        let a = parse(b"", Format::Text, "notes_2024.txt");
        assert_eq!(a.meta.title, "notes_2024");
        assert_eq!(a.meta.title_from, TitleFrom::FileName);
        assert_eq!(a.meta.words, 0);
        assert!(a.text.is_empty());
    }

    #[test]
    fn markers_point_at_their_text() {
        let a = parse(
            br#"One <a href="https://a.example">link</a> here.<br>Two <a href="https://b.example">more</a>."#,
            Format::Text,
            "x.txt",
        );
        for (range, n) in &a.markers {
            assert_eq!(&a.text[range.clone()], format!("[{n}]"));
        }
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.markers.len(), 2);
        assert_eq!(a.text, "One link[1] here.\nTwo more[2].");
    }

    #[test]
    fn very_long_paragraphs_are_split_at_sentences() {
        let sentence = "This sentence is one of many in a paragraph that was saved without breaks. ";
        let text = sentence.repeat(60);
        let a = parse(text.as_bytes(), Format::Text, "x.txt");
        assert!(a.blocks.len() > 3, "{} blocks", a.blocks.len());
        for b in &a.blocks {
            let t = a.block_text(b);
            assert!(t.starts_with("This sentence") && t.ends_with("breaks."), "{t:?}");
            assert!(t.len() >= PARAGRAPH_PIECE / 2);
        }
        assert_eq!(a.meta.words, 60 * 14);
        // shorter paragraphs are left alone
        let short = parse(sentence.repeat(20).as_bytes(), Format::Text, "x.txt");
        assert_eq!(short.blocks.len(), 1);
    }

    #[test]
    fn a_paragraph_of_a_megabyte_is_split_in_one_pass() {
        // Cutting one piece off at a time copied the rest each time, and each piece
        // kept the capacity of all that followed it: gigabytes for this paragraph.
        let sentence = "Another sentence follows the last one without any break. ";
        let text = sentence.repeat(1024 * 1024 / sentence.len());
        let a = parse(text.as_bytes(), Format::Text, "x.txt");
        assert!(a.blocks.len() > text.len() / (2 * PARAGRAPH_PIECE), "{} blocks", a.blocks.len());
        assert!(a.blocks.iter().all(|b| b.range.len() >= PARAGRAPH_PIECE / 2));
        assert_eq!(a.text.len(), text.trim_end().len() + (a.blocks.len() - 1));
    }

    #[test]
    fn links_only_in_furniture_are_not_numbered() {
        let a = parse(
            br#"<html><body><nav><a href="https://e.example/home">Home</a></nav><article><p>Body <a href="https://e.example/b">one</a>
            and <a href="https://e.example/c">two</a>.</p></article><footer><a href="https://e.example/terms">Terms</a></footer></body></html>"#,
            Format::Html,
            "x.html",
        );
        let targets: Vec<&str> = a.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["https://e.example/b", "https://e.example/c"]);
        assert_eq!(a.text, "Body one[1] and two[2].");
        assert_eq!(a.boilerplate[0].paragraphs, ["Terms"]);
    }

    #[test]
    fn date_line_after_byline_is_taken_out() {
        let a = parse(
            b"<article><h1>Head Line</h1><p>By Ayesha Example</p><time datetime=\"2024-02-08\">February 8, 2024</time><p>Body.</p></article>",
            Format::Html,
            "x.html",
        );
        assert_eq!(a.meta.byline.as_deref(), Some("Ayesha Example"));
        assert_eq!(a.meta.date.map(|d| d.to_string()).as_deref(), Some("2024-02-08"));
        assert_eq!(a.text, "Body.");
    }

    #[test]
    fn long_paragraph_split_never_cuts_a_link_marker() {
        // Ten sentences of 57 bytes, then one that ends with a link just past the
        // first place the paragraph may be cut.
        let filler = "This is a filler sentence that is long enough to count. ".repeat(10);
        let tail = "More text follows the link so the paragraph stays long. ".repeat(40);
        let html = format!(
            "<p>{filler}And then, as everyone expected, they published <a href=\"https://x.example\">the report.</a> \
             Next one. {tail}</p>"
        );
        let a = parse(html.as_bytes(), Format::Html, "x.html");
        assert!(a.blocks.len() > 1);
        assert_eq!(a.markers.len(), 1);
        let (range, n) = &a.markers[0];
        assert_eq!(&a.text[range.clone()], format!("[{n}]"));
        assert!(a.block_text(&a.blocks[0]).ends_with("they published the report.[1]"), "{}", a.text);
        assert!(a.block_text(&a.blocks[1]).starts_with("Next one."));
    }

    #[test]
    fn metadata_is_read_without_link_markers() {
        // A first sentence that ends in a link is still a sentence, not a title.
        let a = parse(
            b"The first paragraph ends with a link in <a href=\"https://x.example/r\">the report.</a>\n\n\
              The second paragraph is ordinary and has several words in it.\n",
            Format::Text,
            "x.txt",
        );
        assert!(a.text.starts_with("The first paragraph ends with a link in the report.[1]"), "{}", a.text);
        assert_eq!(a.meta.title_from, TitleFrom::FirstSentence);
        assert_eq!(a.links.len(), 1);
        // A byline whose name is a link has no marker in it.
        let a = parse(
            b"<h1>Police Chief Named</h1><p>By <a href=\"/authors/jo\">Jo Writer</a></p><p>The body.</p>",
            Format::Html,
            "x.html",
        );
        assert_eq!(a.meta.byline.as_deref(), Some("Jo Writer"));
        assert_eq!(a.text, "The body.");
        assert!(a.links.is_empty(), "a link only in the byline is not listed: {:?}", a.links);
    }

    #[test]
    fn kept_line_breaks_in_titles_and_bylines() {
        let a = parse(
            b"<h1>Police Chief Named<br>After Long Search</h1><p>By Ayesha Example<br>Published March 3, 2024</p>\
              <p>The city named a new police chief on Monday.</p>",
            Format::Html,
            "x.html",
        );
        assert_eq!(a.meta.title, "Police Chief Named After Long Search");
        assert_eq!(a.meta.byline.as_deref(), Some("Ayesha Example"));
        assert_eq!(a.meta.date.map(|d| d.to_string()).as_deref(), Some("2024-03-03"));
        assert_eq!(a.text, "The city named a new police chief on Monday.");
    }

    #[test]
    fn date_prefix_after_a_title_line_is_taken_out() {
        let a =
            parse(b"A Short Title Line\n\n date 2022-12-23 The body starts here and goes on.", Format::Text, "x.txt");
        assert_eq!(a.meta.title, "A Short Title Line");
        assert_eq!(a.meta.date.map(|d| d.to_string()).as_deref(), Some("2022-12-23"));
        assert_eq!(a.text, "The body starts here and goes on.");
    }

    #[test]
    fn mid_sentence_by_is_not_a_byline() {
        let a = parse(
            b"By Tuesday evening, officials in Islamabad\nhad confirmed the meeting would go ahead as planned.\n",
            Format::Markdown,
            "x.md",
        );
        assert_eq!(a.meta.byline, None);
        assert!(a.text.starts_with("By Tuesday evening"));
    }
}
