//! Article metadata, and the small recognisers that find it in messy text: dates in
//! the forms saved articles use, bylines, title-case lines.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Format;

/// Words a minute assumed for reading time.
pub const WORDS_PER_MINUTE: usize = 230;

/// Where an article's title came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleFrom {
    /// A heading or title line (or the page's own title).
    Heading,
    /// The first sentence of the text, cut at a word boundary.
    FirstSentence,
    /// Nothing better: the file name.
    FileName,
}

impl TitleFrom {
    /// The kind of title a title found at `origin` is.
    pub fn of(origin: Origin) -> TitleFrom {
        match origin {
            Origin::FirstSentence => TitleFrom::FirstSentence,
            Origin::FileName => TitleFrom::FileName,
            _ => TitleFrom::Heading,
        }
    }
}

/// Where a title, byline or date was found: in one of the page's own declarations
/// (named by the property or tag that holds it), in its markup, or in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A JSON-LD property of the article: `headline`, `name`, `author`,
    /// `datePublished`, `dateCreated`, `dateModified`.
    JsonLd(&'static str),
    /// An OpenGraph property: `og:title`, `article:author`, `article:published_time`,
    /// `article:modified_time`.
    OpenGraph(&'static str),
    /// A Twitter card property: `twitter:title`.
    Twitter(&'static str),
    /// A `<meta>` tag by its name: `author`, `byl`, `dc.creator`, `date`, `title`…
    MetaTag(&'static str),
    /// A microdata property: `author`, `headline`, `datePublished`, `dateModified`.
    Microdata(&'static str),
    /// A link marked `rel=author`.
    RelAuthor,
    /// An element whose class or id makes it a byline (`byline`, `author`…).
    BylineElement,
    /// A `<time datetime>` element.
    TimeElement,
    /// An element whose class or id makes it the date (`date`, `dateline`…), by its text.
    DateElement,
    /// An `<h1>` of the page.
    H1,
    /// The page's `<title>`, less the site's name.
    TitleTag,
    /// A field of a Markdown file's front matter: `title`, `author`, `date`.
    FrontMatter(&'static str),
    /// The heading or title line the text starts with.
    Heading,
    /// A byline line at the top of the text (`By A. Writer`).
    BylineLine,
    /// A date line, or a date in front of the first sentence, at the top of the text.
    DateLine,
    /// A date written in the first paragraph.
    FirstParagraph,
    /// The first sentence of the text.
    FirstSentence,
    /// The file name.
    FileName,
}

/// Where each of an article's title, byline and date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub title: Origin,
    /// `None` when there is no byline.
    pub byline: Option<Origin>,
    /// `None` when there is no date.
    pub date: Option<Origin>,
}

/// [`Origin`] with owned names, for reading one back.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum OwnedOrigin {
    JsonLd(String),
    OpenGraph(String),
    Twitter(String),
    MetaTag(String),
    Microdata(String),
    RelAuthor,
    BylineElement,
    TimeElement,
    DateElement,
    H1,
    TitleTag,
    FrontMatter(String),
    Heading,
    BylineLine,
    DateLine,
    FirstParagraph,
    FirstSentence,
    FileName,
}

/// The property names an origin holds are a small fixed set: each distinct one read
/// back is kept once for the life of the process.
fn intern(name: String) -> &'static str {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Mutex::default);
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Origin, D::Error> {
        Ok(match OwnedOrigin::deserialize(d)? {
            OwnedOrigin::JsonLd(n) => Origin::JsonLd(intern(n)),
            OwnedOrigin::OpenGraph(n) => Origin::OpenGraph(intern(n)),
            OwnedOrigin::Twitter(n) => Origin::Twitter(intern(n)),
            OwnedOrigin::MetaTag(n) => Origin::MetaTag(intern(n)),
            OwnedOrigin::Microdata(n) => Origin::Microdata(intern(n)),
            OwnedOrigin::FrontMatter(n) => Origin::FrontMatter(intern(n)),
            OwnedOrigin::RelAuthor => Origin::RelAuthor,
            OwnedOrigin::BylineElement => Origin::BylineElement,
            OwnedOrigin::TimeElement => Origin::TimeElement,
            OwnedOrigin::DateElement => Origin::DateElement,
            OwnedOrigin::H1 => Origin::H1,
            OwnedOrigin::TitleTag => Origin::TitleTag,
            OwnedOrigin::Heading => Origin::Heading,
            OwnedOrigin::BylineLine => Origin::BylineLine,
            OwnedOrigin::DateLine => Origin::DateLine,
            OwnedOrigin::FirstParagraph => Origin::FirstParagraph,
            OwnedOrigin::FirstSentence => Origin::FirstSentence,
            OwnedOrigin::FileName => Origin::FileName,
        })
    }
}

impl Default for Provenance {
    /// A title from the file name, no byline, no date.
    fn default() -> Self {
        Provenance { title: Origin::FileName, byline: None, date: None }
    }
}

/// What gloss knows about an article besides its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    /// The kind of title it is; [`Meta::provenance`] says exactly where it was found.
    pub title_from: TitleFrom,
    /// A short line set above or below the headline ("Police Training").
    pub kicker: Option<String>,
    pub byline: Option<String>,
    pub date: Option<Date>,
    /// A news agency credited at the end of the text, like `(APP)`.
    pub source: Option<String>,
    pub words: usize,
    pub format: Format,
    pub encoding: super::Encoding,
    /// How `encoding` was chosen.
    pub encoding_from: super::EncodingFrom,
    /// The file was not valid in its encoding; some characters were replaced.
    pub lossy: bool,
    /// Where the title, byline and date were found.
    pub provenance: Provenance,
    /// The page's main text was not found with confidence: the text is its longest
    /// block of text, and the rest is folded as boilerplate.
    pub main_text_guessed: bool,
}

impl Meta {
    /// Estimated reading time in whole minutes (at least 1 when there are words).
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE)
    }
}

/// A calendar date, shown and serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Date)
    }

    pub fn year(&self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.0.month() as u8
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        let mut parts = text.splitn(3, '-').map(str::parse::<i32>);
        let (Some(Ok(y)), Some(Ok(m)), Some(Ok(day))) = (parts.next(), parts.next(), parts.next()) else {
            return Err(serde::de::Error::custom(format!("not a date: {text:?}")));
        };
        u8::try_from(m)
            .ok()
            .zip(u8::try_from(day).ok())
            .and_then(|(m, day)| Date::new(y, m, day))
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {text:?}")))
    }
}

/// `2024-01-30`, also when a time follows (`2024-01-30T06:00:00Z`: `T` is a word
/// character, so a word boundary alone would miss it).
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})(?:\b|T\d)").expect("valid regex"));

const MONTHS: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{MONTHS}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")).expect("valid regex")
});

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTHS},?\s+(\d{{4}})\b")).expect("valid regex")
});

fn month_number(name: &str) -> Option<u8> {
    let key = name.get(..3)?.to_ascii_lowercase();
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    months.iter().position(|m| *m == key).map(|i| i as u8 + 1)
}

/// The first date found in `text`, with the byte range it occupies.
///
/// Recognises `YYYY-MM-DD`, `Month D, YYYY` (full or abbreviated month) and
/// `D Month YYYY`. Impossible dates (`2023-02-30`) are not dates.
pub fn find_date(text: &str) -> Option<(Date, std::ops::Range<usize>)> {
    let iso = ISO_DATE.captures_iter(text).find_map(|c| {
        let date = Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        Some((date, c.get(1)?.start()..c.get(3)?.end()))
    });
    let mdy = MONTH_DAY_YEAR.captures_iter(text).find_map(|c| {
        let date = Date::new(c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?)?;
        Some((date, c.get(0)?.range()))
    });
    let dmy = DAY_MONTH_YEAR.captures_iter(text).find_map(|c| {
        let date = Date::new(c[3].parse().ok()?, month_number(&c[2])?, c[1].parse().ok()?)?;
        Some((date, c.get(0)?.range()))
    });
    [iso, mdy, dmy].into_iter().flatten().min_by_key(|(_, r)| r.start)
}

/// Words that may stay lower case in a title-case line.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "its", "nor", "of", "on", "or",
    "over", "per", "the", "to", "up", "via", "vs", "with",
];

/// True for a line written in title case: the first word and most of the others start
/// with a capital letter or a digit ("Focus on Border Management and Technology").
pub fn is_title_case(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let capital = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric());
    if !capital(first) {
        return false;
    }
    let significant: Vec<&&str> =
        words.iter().skip(1).filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str())).collect();
    if significant.is_empty() {
        return true;
    }
    let caps = significant.iter().filter(|w| capital(w)).count();
    caps * 4 >= significant.len() * 3
}

/// True when `line` ends like a sentence (so it is not a heading).
pub fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', ')', ']', '」', '』', '）']);
    trimmed.ends_with(['.', '!', '?', ',', ';', ':', '…', '。', '！', '？', '．', '،', '؟', '।'])
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:byline|by|author|written by|words by|posted by)\s*:?\s+(.+)$").expect("valid regex")
});

/// The author named by a byline line (`Byline: A. Writer`, `By A. Writer`), if `line`
/// is one. A date after the name (`By A. Writer | March 3, 2024`) is not part of it.
pub fn byline(line: &str) -> Option<String> {
    if line.chars().count() > 120 {
        return None;
    }
    let caps = BYLINE.captures(line.trim())?;
    let mut name = caps[1].trim().to_owned();
    if let Some((_, range)) = find_date(&name) {
        name.truncate(range.start);
    }
    let name = name
        .trim_end_matches(|c: char| c.is_whitespace() || "|·•,;:-–—".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace())
        .to_owned();
    let name = strip_date_words(&name);
    let starts_with_capital = name.chars().next().is_some_and(char::is_uppercase);
    let words = name.split_whitespace().count();
    (starts_with_capital && (1..=12).contains(&words) && !ends_like_sentence(&name)).then_some(name)
}

/// Drop trailing words that announce a date ("Published", "Updated on").
fn strip_date_words(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while let Some(last) = words.last() {
        let lower = last.to_lowercase();
        if ["published", "updated", "posted", "on", "|", "·", "-", "—"].contains(&lower.as_str()) {
            words.pop();
        } else {
            break;
        }
    }
    words.join(" ")
}

/// True when a short line says nothing but a date ("Published March 3, 2024",
/// "Updated: 2024-03-03", "March 3, 2024").
pub fn is_date_line(line: &str) -> Option<Date> {
    let (date, range) = find_date(line)?;
    let rest = format!("{} {}", &line[..range.start], &line[range.end..]);
    let leftover: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || "|·•,;:-–—()".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let filler = [
        "published",
        "updated",
        "posted",
        "issued",
        "on",
        "date",
        "dated",
        "last",
        "first",
        "at",
        "am",
        "pm",
        "gmt",
        "utc",
        "pkt",
        "est",
        "edt",
        "pst",
        "ist",
    ];
    let ok = leftover.iter().all(|w| {
        filler.contains(&w.as_str())
            || w.chars().all(|c| c.is_ascii_digit() || c == '.')
            || ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                .iter()
                .any(|d| d.starts_with(w.trim_end_matches('.')) && w.len() >= 3)
    });
    ok.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<String> {
        find_date(s).map(|(d, _)| d.to_string())
    }

    #[test]
    fn sentences_end_in_their_own_scripts() {
        assert!(ends_like_sentence("祭りが今年も開かれた。"));
        assert!(ends_like_sentence("「来年も続けたい」と話した。」"));
        assert!(ends_like_sentence("هل تفتح الحديقة يوميا؟"));
        assert!(ends_like_sentence("यह एक वाक्य है।"));
        assert!(!ends_like_sentence("担い手の高齢化"));
    }

    #[test]
    fn dates_in_common_forms() {
        assert_eq!(date("on 2022-12-23 the").as_deref(), Some("2022-12-23"));
        assert_eq!(date("Published March 3, 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(date("Sept. 14 2021").as_deref(), Some("2021-09-14"));
        assert_eq!(date("14th February 2020").as_deref(), Some("2020-02-14"));
        assert_eq!(date("Dec 1, 1999 and 2001-01-01").as_deref(), Some("1999-12-01"));
        assert_eq!(date("2023-02-30"), None);
        assert_eq!(date("2024-01-30T06:00:00Z").as_deref(), Some("2024-01-30"));
        assert_eq!(find_date("at 2024-01-30T06:00:00+05:00").map(|(_, r)| r), Some(3..13));
        assert_eq!(date("2024-01-30Tuesday"), None);
        assert_eq!(date("November 1 as the deadline"), None);
        assert_eq!(date("in 2022, over 600"), None);
    }

    #[test]
    fn title_case_lines() {
        assert!(is_title_case("Focus on Border Management and Technology"));
        assert!(is_title_case("US Response and Future Outlook"));
        assert!(is_title_case("Equipment and Modernisation"));
        assert!(is_title_case("Registration, Slowly"));
        assert!(!is_title_case("To continue reading"));
        assert!(!is_title_case("the quick brown fox"));
        assert!(!is_title_case("Request your trial"));
    }

    #[test]
    fn sentences_end_with_punctuation() {
        assert!(ends_like_sentence("It ended."));
        assert!(ends_like_sentence("He said “no.”"));
        assert!(!ends_like_sentence("A Heading"));
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("Byline: Muna Example").as_deref(), Some("Muna Example"));
        assert_eq!(byline("By Hina Javed").as_deref(), Some("Hina Javed"));
        assert_eq!(byline("By Hina Javed | March 3, 2024").as_deref(), Some("Hina Javed"));
        assert_eq!(byline("By Hina Javed Published March 3, 2024").as_deref(), Some("Hina Javed"));
        assert_eq!(byline("by the end of the year, the talks had stalled."), None);
        assert_eq!(byline("By now everyone knows the story and it has been told many times over."), None);
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("Published March 3, 2024").is_some());
        assert!(is_date_line("Updated: 2024-03-03 10:30 PKT").is_some());
        assert!(is_date_line("Tuesday, March 5, 2024").is_some());
        assert!(is_date_line("Issued: 4 April 2024").is_some());
        assert!(is_date_line("Talks resumed on March 3, 2024 in Islamabad").is_none());
    }

    #[test]
    fn reading_time_rounds_up() {
        let mut m = Meta {
            title: String::new(),
            title_from: TitleFrom::FileName,
            kicker: None,
            byline: None,
            date: None,
            source: None,
            words: 0,
            format: Format::Text,
            encoding: super::super::Encoding::Utf8,
            encoding_from: super::super::EncodingFrom::Utf8,
            lossy: false,
            provenance: Provenance::default(),
            main_text_guessed: false,
        };
        assert_eq!(m.reading_minutes(), 0);
        m.words = 1;
        assert_eq!(m.reading_minutes(), 1);
        m.words = 231;
        assert_eq!(m.reading_minutes(), 2);
    }
}
