//! The command line: the reader by default, and subcommands for scripts that use the
//! same library calls as the reader.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use crate::annotate::{self, Layout, history::History};
use crate::config::{Config, Dirs};
use crate::corpus;
use crate::store::PositionStore;
use crate::text::sanitize_line;

mod check;
mod export;
mod list;
mod search;
mod tags;

use export::export;
use list::{Filter, list};
use tags::tags;

/// A keyboard-driven terminal reader and annotator for a folder of saved articles.
#[derive(Debug, Parser)]
#[command(name = "gloss", version)]
#[command(after_help = "With no DIR, gloss opens the corpus set in config.ron, or else its built-in sample.")]
pub struct Cli {
    /// Folder of articles to read (.txt, .md, .markdown, .html, .htm; searched recursively)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Read this configuration file instead of the default one
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Start with this theme (default, dark, light, high-contrast, or a NAME.ron of
    /// themes/ in the config folder), instead of the one config.ron names
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,

    /// Do not capture the mouse, so the terminal's own text selection works
    #[arg(long)]
    pub no_mouse: bool,

    /// Read every article afresh: neither use nor write the index cache
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Keep annotation sidecars in this folder, mirroring the corpus, instead of
    /// beside each article (for read-only corpora)
    #[arg(long, global = true, value_name = "DIR")]
    pub annotations: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List the articles of a corpus, one a line (`*` starred, `A` archived)
    List {
        /// Folder of articles (default: as for the reader)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print a JSON array instead
        #[arg(long)]
        json: bool,
        /// Only starred articles
        #[arg(long)]
        starred: bool,
        /// Only articles not read yet
        #[arg(long)]
        unread: bool,
        /// Only archived articles
        #[arg(long)]
        archived: bool,
        /// Only articles with a passage tagged TAG or below it (TAG/…); repeat for
        /// several. Filters combine: an article must pass them all
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Print an article's reading text: exactly the text annotation positions count in
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the metadata first, then a blank line, then the text
        #[arg(long)]
        meta: bool,
    },
    /// Annotate a passage of an article from a script
    Tag {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The passage, exactly as in the reading text (`gloss show FILE`); it must
        /// occur there once
        #[arg(long, value_name = "TEXT")]
        quote: String,
        /// A tag to apply (repeat for several; `a/b` for a hierarchy)
        #[arg(long = "tag", value_name = "TAG", required = true)]
        tags: Vec<String>,
        /// A note to attach
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// The corpus FILE belongs to, for --annotations (default: the configured
        /// corpus if FILE is in it, else FILE's folder)
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
    },
    /// Search the reading text of a corpus, printing `path:line: sentence` for each
    /// sentence that matches
    #[command(override_usage = "gloss search [OPTIONS] [DIR] <PATTERN>")]
    #[command(after_help = SEARCH_HELP)]
    Search {
        /// Folder (or article) to search (default: as for the reader); with only one
        /// argument, that is PATTERN
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// What to look for
        #[arg(value_name = "PATTERN")]
        pattern: Option<String>,
        /// Print a JSON array of {path, title, line, start, end, sentence}, one object
        /// per match; start and end count Unicode scalar values (characters) of the
        /// article's reading text, as annotations do
        #[arg(long)]
        json: bool,
        /// Ignore letter case
        #[arg(short = 'i', long, overrides_with = "case_sensitive")]
        ignore_case: bool,
        /// Match letter case exactly
        #[arg(short = 's', long, overrides_with = "ignore_case")]
        case_sensitive: bool,
        /// Search for PATTERN literally, even when it looks like a regular expression
        #[arg(short = 'F', long)]
        fixed_strings: bool,
    },
    /// Print every annotation of a corpus: as W3C Web Annotation JSON-LD, or grouped
    /// by tag as Markdown or CSV
    Export {
        /// Folder of articles (default: as for the reader)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Only the annotations tagged TAG or a tag below it (`groups` takes
        /// `groups/ttp` too)
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Write to FILE (created or replaced as a whole) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the tags of a corpus as a tree, with how many passages and articles
    /// carry each (a tag counts the tags below it)
    Tags {
        /// Folder of articles (default: as for the reader)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print nested JSON objects instead
        #[arg(long)]
        json: bool,
    },
    /// Where the configuration is read from, or a complete default one to start from
    Config {
        #[arg(value_enum)]
        what: ConfigWhat,
    },
    /// Report what needs attention: sidecars whose article is gone (and where it
    /// probably went), passages not found where they were, files that do not parse
    #[command(after_help = CHECK_HELP)]
    Check {
        /// Folder of articles (default: as for the reader)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print one JSON object instead
        #[arg(long)]
        json: bool,
        /// Move each sidecar whose article is gone to the article it was matched
        /// with (never over another file, never a sidecar that does not parse)
        #[arg(long)]
        fix: bool,
    },
}

const CHECK_HELP: &str = "\
A sidecar whose article is gone is matched with an article that has no sidecar: the
same file, by the hash its anchors recorded, else the one whose reading text holds the
most of its quotes word for word (at least half). Two articles that fit equally well
are no match. Passages are found in the articles as they are now, as the reader finds
them, and reported when they are fuzzy, ambiguous or orphaned; nothing is written but
what --fix moves.

Exit status: 0 when nothing needs attention, 1 when something does (after --fix, what
is left), 2 on an error.";

const SEARCH_HELP: &str = "\
PATTERN is a regular expression when it has one of \\ . + * ? ( ) | [ ] { } ^ $ and is
valid (^ and $ also match at line breaks), else a literal; an invalid one is searched
literally, and gloss says why on standard error. Case is ignored unless PATTERN has an
uppercase letter (-i and -s decide instead; the last one given wins).

Only the reading text is searched, the text `gloss show` prints: never markup, never
folded boilerplate. Paths are relative to DIR, lines count from 1 in the reading text,
and a sentence is at most 300 characters, cut around the match. A sentence holding
several matches is printed once (all of them highlighted on a terminal, unless NO_COLOR
is set); --json gives one object per match.

Exit status: 0 when something matched, 1 when nothing did, 2 on an error. Files that
cannot be searched are named on standard error.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A JSON array of W3C Web Annotation objects (JSON-LD)
    Json,
    /// Passages under a heading per tag, as block quotes with their notes
    #[value(alias = "md")]
    Markdown,
    /// A row per passage and tag
    Csv,
}

/// What `gloss config` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConfigWhat {
    /// The configuration file gloss reads (--config, else GLOSS_CONFIG, else
    /// config.ron in the config folder), whether or not it exists
    Path,
    /// A complete configuration with every setting at its default, commented
    Default,
}

/// `gloss config path` and `gloss config default`.
fn config_command(what: ConfigWhat, file: Option<&Path>) -> Result<ExitCode> {
    match what {
        ConfigWhat::Path => match file {
            Some(file) => print(|out| writeln!(out, "{}", shown(file)))?,
            None => anyhow::bail!("no configuration folder: the home folder is not known"),
        },
        ConfigWhat::Default => print(|out| out.write_all(crate::config::default_config().as_bytes()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Run gloss with these arguments.
pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    let dirs = Dirs::platform();
    let config_file = cli.config.clone().or_else(|| dirs.as_ref().map(Dirs::config_file));
    if let Some(Cmd::Config { what }) = &cli.command {
        return config_command(*what, config_file.as_deref());
    }
    // A file named on the command line must exist; the default one may not. One
    // that cannot be used is reported, and gloss goes on with the defaults.
    let (mut config, problem) = match &config_file {
        Some(path) if cli.config.is_some() && !path.exists() => {
            return Err(Config::load_named(path).unwrap_err().into());
        }
        Some(path) => Config::load_or_default(path, cli.config.is_some()),
        None => (Config::default(), None),
    };
    if let Some(problem) = problem {
        eprintln!("gloss: {problem}; using the default settings");
        config.problem = Some(problem.to_string());
    }
    if cli.no_mouse {
        config.mouse = false;
    }
    if let Some(theme) = &cli.theme {
        config.theme = Some(theme.clone());
    }
    if let Some(dir) = &cli.annotations {
        config.annotations = Some(dir.clone());
    }
    let cache = |root: &Path| match &dirs {
        Some(d) if !cli.no_cache => crate::index::Cache::open(&d.index_cache(root)),
        _ => crate::index::Cache::none(),
    };
    let cache_folder = |root: &Path| dirs.as_ref().filter(|_| !cli.no_cache).map(|d| d.index_cache(root));
    match cli.command {
        None => {
            let root = corpus_root(cli.dir, &config, dirs.as_ref())?;
            if !io::stdout().is_terminal() {
                bail!("the reader needs a terminal; `gloss list` and `gloss show` work in pipes");
            }
            let stores = crate::run::Stores {
                positions: match &dirs {
                    Some(d) => crate::store::positions(&d.positions_file()),
                    None => PositionStore::in_memory(),
                },
                history: match &dirs {
                    Some(d) => History::open(&d.undo_file()),
                    None => History::in_memory(),
                },
                read: match &dirs {
                    Some(d) => crate::store::read_marks(&d.read_file()),
                    None => crate::store::ReadStore::in_memory(),
                },
                sort: match &dirs {
                    Some(d) => sort_store(&d.sort_file()),
                    None => crate::store::Store::in_memory(),
                },
                layout: layout(&config, &root)?,
                cache: cache_folder(&root),
            };
            crate::run::run(&root, &config, stores)?;
        }
        Some(Cmd::List { dir, json, starred, unread, archived, tags }) => {
            let root = corpus_root(dir, &config, dirs.as_ref())?;
            let layout = layout(&config, &root)?;
            let filter = Filter::new(starred, unread, archived, &tags)?;
            // What was read is only needed to show it or to filter by it.
            let mut read = match &dirs {
                Some(d) if json || unread => crate::store::read_marks(&d.read_file()),
                _ => crate::store::ReadStore::in_memory(),
            };
            if let Some(problem) = read.take_problem() {
                eprintln!("gloss: {}", sanitize_line(&problem));
            }
            let cache = cache(&root);
            print(|out| list(&root, &layout, cache, json, &filter, &read, out))?;
        }
        Some(Cmd::Tag { file, quote, tags, note, corpus }) => {
            let root = tag_corpus(&file, corpus, &config)?;
            let layout = layout(&config, &root)?;
            let line = tag(&file, &quote, &tags, note.as_deref(), &layout)?;
            print(|out| writeln!(out, "{line}"))?;
        }
        Some(Cmd::Export { dir, format, tag, output }) => {
            let root = corpus_root(dir, &config, dirs.as_ref())?;
            let layout = layout(&config, &root)?;
            export(&root, &layout, format, tag.as_deref(), output.as_deref())?;
        }
        Some(Cmd::Tags { dir, json }) => {
            let root = corpus_root(dir, &config, dirs.as_ref())?;
            let layout = layout(&config, &root)?;
            print(|out| tags(&root, &layout, json, out))?;
        }
        Some(Cmd::Check { dir, json, fix }) => return check::run(dir, json, fix, &config, dirs.as_ref()),
        Some(Cmd::Config { .. }) => unreachable!("answered before the configuration is read"),
        Some(Cmd::Search { dir, pattern, json, ignore_case, case_sensitive, fixed_strings }) => {
            let flags = search::Flags { json, ignore_case, case_sensitive, fixed_strings };
            return search::run(dir, pattern, flags, &config, dirs.as_ref(), &cache);
        }
        Some(Cmd::Show { file, meta }) => {
            let article = corpus::load_guarded(&file).with_context(|| format!("cannot read {}", shown(&file)))?;
            let terminal = io::stdout().is_terminal();
            print(|out| show(&article, &file, meta, terminal, out))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How each corpus's list is sorted, kept at `path` (`sort.ron` in the state folder).
fn sort_store(path: &Path) -> crate::store::Store<crate::app::library::Sort> {
    crate::store::Store::open(path, "how the list is sorted", 1)
}

/// A path as it may be printed.
pub(crate) fn shown(path: &Path) -> String {
    sanitize_line(&path.to_string_lossy())
}

/// Write to stdout; a closed pipe (`gloss list | head`) is not an error.
fn print(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match body(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// The folder to open: the one given, else the configured one, else the sample. The
/// path is made absolute, so what gloss remembers about an article does not depend on
/// the folder it was started from.
pub fn corpus_root(dir: Option<PathBuf>, config: &Config, dirs: Option<&Dirs>) -> Result<PathBuf> {
    let root = match dir.or_else(|| config.corpus_path()) {
        Some(dir) => {
            check_root(&dir)?;
            dir
        }
        None => install_sample(dirs)?,
    };
    Ok(std::fs::canonicalize(&root).unwrap_or(root))
}

/// Write the sample corpus where the platform keeps data; if that folder cannot be
/// written, into a new private temporary folder.
fn install_sample(dirs: Option<&Dirs>) -> Result<PathBuf> {
    let mut problem = None;
    if let Some(dir) = dirs.map(Dirs::sample_corpus) {
        match corpus::sample::install(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => problem = Some(format!("{}: {e}", shown(&dir))),
        }
    }
    let fresh = tempfile::Builder::new().prefix("gloss-sample-").tempdir().map(tempfile::TempDir::keep);
    match fresh.and_then(|dir| corpus::sample::install(&dir).map(|()| dir)) {
        Ok(dir) => Ok(dir),
        Err(e) => bail!("cannot write the sample corpus ({}; {e})", problem.unwrap_or_default()),
    }
}

/// Where sidecars live for the corpus at `root`: beside each article, or in the
/// configured annotations folder (which is created if needed).
fn layout(config: &Config, root: &Path) -> Result<Layout> {
    let Some(dir) = config.annotations_path() else {
        return Ok(Layout::Beside);
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create the annotations folder {}", shown(&dir)))?;
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let corpus =
        if root.is_file() { root.parent().map(Path::to_path_buf).unwrap_or_default() } else { root.to_path_buf() };
    Ok(Layout::Tree { corpus, annotations: dir })
}

/// The corpus a single file belongs to, for placing its sidecar.
fn tag_corpus(file: &Path, corpus: Option<PathBuf>, config: &Config) -> Result<PathBuf> {
    let file = std::fs::canonicalize(file).with_context(|| format!("cannot open {}", shown(file)))?;
    let configured = config.corpus_path().and_then(|c| std::fs::canonicalize(c).ok()).filter(|c| file.starts_with(c));
    let root = match (corpus, configured) {
        (Some(dir), _) => std::fs::canonicalize(&dir).with_context(|| format!("cannot open {}", shown(&dir)))?,
        (None, Some(configured)) => configured,
        // In a tree of sidecars the place depends on the corpus: guessing would put
        // the sidecar where the reader does not look.
        (None, None) if config.annotations_path().is_some() => {
            bail!("with an annotations folder, say which corpus {} belongs to with --corpus DIR", shown(&file))
        }
        (None, None) => file.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    Ok(root)
}

/// `gloss tag`: annotate the one place `quote` occurs in the article's reading text.
fn tag(file: &Path, quote: &str, tags: &[String], note: Option<&str>, layout: &Layout) -> Result<String> {
    let file = std::fs::canonicalize(file).with_context(|| format!("cannot open {}", shown(file)))?;
    let article = corpus::load_guarded(&file).with_context(|| format!("cannot read {}", shown(&file)))?;
    // Commas separate tags here as in the prompt.
    let tags = annotate::tags::parse_list(&tags.join(","));
    if tags.is_empty() {
        bail!("no usable tag given");
    }
    if quote.is_empty() {
        bail!("the quote is empty");
    }
    let places = occurrences(&article.text, quote);
    let start = match places.as_slice() {
        [one] => *one,
        [] => bail!(
            "the quote is not in the reading text of {} (`gloss show` prints that text; the quote must match it exactly)",
            shown(&file)
        ),
        many => {
            let list: Vec<String> = many
                .iter()
                .take(10)
                .map(|&at| {
                    let range = at..at + quote.len();
                    let (before, after) = context(&article.text, range);
                    format!(
                        "  at character {}: …{before}[{}]{after}…",
                        article.text[..at].chars().count(),
                        sanitize_line(quote)
                    )
                })
                .collect();
            bail!(
                "the quote occurs {} times in {}; quote more of the passage so it occurs once:\n{}",
                many.len(),
                shown(&file),
                list.join("\n")
            );
        }
    };
    let anchor = annotate::record(&article.text, start..start + quote.len(), &article.source_hash);
    let note = note.map(|n| crate::text::sanitize(n).trim_end().to_owned()).unwrap_or_default();
    let annotation = annotate::Annotation::new(anchor, tags.clone(), note);
    let id = annotation.id.clone();
    let sidecar = layout.sidecar_for(&file);
    annotate::sidecar::modify(&sidecar, |s| s.put(annotation))?;
    Ok(format!("tagged {} as {} ({id})", crate::text::quoted(quote, 49), tags.join(", ")))
}

/// Every place `needle` starts in `text`, overlapping ones included (`ha ha` is
/// twice in `ha ha ha`).
fn occurrences(text: &str, needle: &str) -> Vec<usize> {
    let mut places = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let at = from + i;
        places.push(at);
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    places
}

/// Up to 24 characters either side of `range`, on one line.
fn context(text: &str, range: std::ops::Range<usize>) -> (String, String) {
    let one_line = |s: String| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars().map(|c| if c.is_whitespace() { ' ' } else { c }) {
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        sanitize_line(&out)
    };
    let before: String = text[..range.start].chars().rev().take(24).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[range.end..].chars().take(24).collect();
    (one_line(before), one_line(after))
}

fn check_root(dir: &Path) -> Result<()> {
    let meta = std::fs::metadata(dir).with_context(|| format!("cannot open {}", shown(dir)))?;
    if meta.is_dir() {
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", shown(dir)))?;
    } else if corpus::Format::from_path(dir).is_none() {
        bail!("{} is not a folder or an article (.txt, .md, .markdown, .html, .htm)", shown(dir));
    }
    Ok(())
}

/// Where a title, byline or date was found, as `gloss show --meta` says it after
/// "from".
fn origin_words(origin: corpus::Origin) -> String {
    use corpus::Origin;
    match origin {
        Origin::JsonLd(key) => format!("JSON-LD {key}"),
        Origin::OpenGraph(key) | Origin::Twitter(key) => key.to_owned(),
        Origin::MetaTag(name) => format!("meta {name}"),
        Origin::Microdata(prop) => format!("microdata {prop}"),
        Origin::FrontMatter(key) => format!("front matter {key}"),
        Origin::RelAuthor => "a rel=author link".to_owned(),
        Origin::BylineElement => "a byline element".to_owned(),
        Origin::TimeElement => "a time element".to_owned(),
        Origin::DateElement => "a date element".to_owned(),
        Origin::H1 => "the h1".to_owned(),
        Origin::TitleTag => "the title tag".to_owned(),
        Origin::Heading => "the heading".to_owned(),
        Origin::BylineLine => "a byline line".to_owned(),
        Origin::DateLine => "a date line".to_owned(),
        Origin::FirstParagraph => "the first paragraph".to_owned(),
        Origin::FirstSentence => "the first sentence".to_owned(),
        Origin::FileName => "the file name".to_owned(),
    }
}

fn show(article: &corpus::Article, file: &Path, meta: bool, terminal: bool, out: &mut dyn Write) -> io::Result<()> {
    if meta {
        let m = &article.meta;
        let opt = |v: Option<&str>| v.unwrap_or("-").to_owned();
        let from =
            |origin: Option<corpus::Origin>| origin.map(|o| format!(" (from {})", origin_words(o))).unwrap_or_default();
        let p = m.provenance;
        writeln!(out, "title: {}{}", m.title, from(Some(p.title)))?;
        writeln!(out, "byline: {}{}", opt(m.byline.as_deref()), from(p.byline.filter(|_| m.byline.is_some())))?;
        let date = m.date.map_or_else(|| "-".to_owned(), |d| d.to_string());
        writeln!(out, "date: {date}{}", from(p.date.filter(|_| m.date.is_some())))?;
        if let Some(kicker) = &m.kicker {
            writeln!(out, "kicker: {kicker}")?;
        }
        if let Some(source) = &m.source {
            writeln!(out, "source: {source}")?;
        }
        writeln!(out, "words: {}", m.words)?;
        writeln!(out, "reading time: {} min", m.reading_minutes())?;
        writeln!(
            out,
            "format: {}",
            serde_json::to_value(m.format).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        )?;
        writeln!(out, "file: {}", shown(file))?;
        let from = match m.encoding_from {
            corpus::EncodingFrom::Bom => "byte order mark",
            corpus::EncodingFrom::Declared => "declared",
            corpus::EncodingFrom::Detected => "detected",
            corpus::EncodingFrom::Utf8 if m.lossy => "",
            corpus::EncodingFrom::Utf8 => "valid UTF-8",
        };
        let lossy = if m.lossy { "not valid: undecodable bytes replaced by U+FFFD" } else { "" };
        let why = [from, lossy].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ");
        writeln!(out, "encoding: {} ({why})", m.encoding.name())?;
        for link in &article.links {
            writeln!(out, "link [{}]: {}", link.number, link.target)?;
        }
        if m.main_text_guessed {
            writeln!(out, "main text: not found with confidence; showing the longest text block")?;
        }
        let folded: usize = article.boilerplate.iter().map(|b| b.paragraphs.len()).sum();
        if folded > 0 {
            writeln!(out, "boilerplate: {folded} paragraphs left out")?;
        }
        writeln!(out)?;
    }
    out.write_all(article.text.as_bytes())?;
    // The text has no final newline; a terminal gets one so the prompt starts clean.
    if terminal && !article.text.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}
