//! The command line: the reader by default, and subcommands for scripts that use the
//! same library calls as the reader.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::config::{Config, Dirs};
use crate::corpus::{self, Discovered, Entry};
use crate::store::PositionStore;
use crate::text::sanitize_line;

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

    /// Do not capture the mouse, so the terminal's own text selection works
    #[arg(long)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List the articles of a corpus, one a line
    List {
        /// Folder of articles (default: as for the reader)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print a JSON array instead
        #[arg(long)]
        json: bool,
    },
    /// Print an article's reading text: exactly the text annotation positions count in
    Show {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the metadata first, then a blank line, then the text
        #[arg(long)]
        meta: bool,
    },
}

/// Run gloss with these arguments.
pub fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    let dirs = Dirs::platform();
    let config_path = cli.config.clone().or_else(|| dirs.as_ref().map(Dirs::config_file));
    let mut config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if cli.no_mouse {
        config.mouse = false;
    }
    match cli.command {
        None => {
            let root = corpus_root(cli.dir, &config, dirs.as_ref())?;
            if !io::stdout().is_terminal() {
                bail!("the reader needs a terminal; `gloss list` and `gloss show` work in pipes");
            }
            let store = match &dirs {
                Some(d) => PositionStore::open(&d.state.join("positions.ron")),
                None => PositionStore::in_memory(),
            };
            crate::run::run(&root, &config, store)?;
        }
        Some(Cmd::List { dir, json }) => {
            let root = corpus_root(dir, &config, dirs.as_ref())?;
            print(|out| list(&root, json, out))?;
        }
        Some(Cmd::Show { file, meta }) => {
            let article = corpus::load(&file).with_context(|| format!("cannot read {}", shown(&file)))?;
            let terminal = io::stdout().is_terminal();
            print(|out| show(&article, &file, meta, terminal, out))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A path as it may be printed.
fn shown(path: &Path) -> String {
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

/// The folder to open: the one given, else the configured one, else the sample.
pub fn corpus_root(dir: Option<PathBuf>, config: &Config, dirs: Option<&Dirs>) -> Result<PathBuf> {
    if let Some(dir) = dir.or_else(|| config.corpus_path()) {
        check_root(&dir)?;
        return Ok(dir);
    }
    let candidates =
        dirs.map(Dirs::sample_corpus).into_iter().chain([std::env::temp_dir()
            .join(format!("gloss-sample-{}", std::env::var("USER").unwrap_or_else(|_| "user".into())))]);
    let mut last_err = None;
    for dir in candidates {
        match corpus::sample::install(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => last_err = Some(format!("{}: {e}", shown(&dir))),
        }
    }
    bail!("cannot write the sample corpus ({})", last_err.unwrap_or_default())
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

/// Every article under `root`, in path order, and what was skipped.
pub fn scan(root: &Path) -> (Vec<Entry>, Vec<corpus::Skip>) {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for item in corpus::discover(root) {
        match item {
            Discovered::File(found) => match Entry::read(&found) {
                Ok(entry) => entries.push(entry),
                Err(skip) => skipped.push(skip),
            },
            Discovered::Skipped(skip) => skipped.push(skip),
        }
    }
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    (entries, skipped)
}

#[derive(Serialize)]
struct ListItem<'a> {
    path: &'a str,
    title: &'a str,
    byline: Option<&'a str>,
    date: Option<String>,
    words: usize,
    reading_minutes: usize,
    format: Option<corpus::Format>,
    lossy: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

fn list(root: &Path, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let (entries, skipped) = scan(root);
    for skip in &skipped {
        eprintln!("gloss: {skip}");
    }
    if json {
        let items: Vec<ListItem> = entries
            .iter()
            .map(|e| ListItem {
                path: &e.rel,
                title: e.title(),
                byline: e.meta.as_ref().and_then(|m| m.byline.as_deref()),
                date: e.meta.as_ref().and_then(|m| m.date).map(|d| d.to_string()),
                words: e.meta.as_ref().map_or(0, |m| m.words),
                reading_minutes: e.meta.as_ref().map_or(0, |m| m.reading_minutes()),
                format: e.meta.as_ref().map(|m| m.format),
                lossy: e.meta.as_ref().is_some_and(|m| m.lossy),
                error: e.problem.as_deref(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        return writeln!(out);
    }
    let path_width = entries.iter().map(|e| crate::text::width(&e.rel)).max().unwrap_or(0).min(48);
    for e in &entries {
        let path = crate::text::width::pad(&e.rel, path_width);
        match (&e.meta, &e.problem) {
            (Some(m), _) => {
                let date = m.date.map_or_else(|| "-".to_owned(), |d| d.to_string());
                writeln!(out, "{path}  {date:<10}  {:>6}  {}", m.words, m.title)?;
            }
            (None, problem) => writeln!(out, "{path}  error: {}", problem.as_deref().unwrap_or("unreadable"))?,
        }
    }
    Ok(())
}

fn show(article: &corpus::Article, file: &Path, meta: bool, terminal: bool, out: &mut dyn Write) -> io::Result<()> {
    if meta {
        let m = &article.meta;
        let opt = |v: Option<&str>| v.unwrap_or("-").to_owned();
        writeln!(out, "title: {}", m.title)?;
        writeln!(out, "byline: {}", opt(m.byline.as_deref()))?;
        writeln!(out, "date: {}", m.date.map_or_else(|| "-".to_owned(), |d| d.to_string()))?;
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
        if m.lossy {
            writeln!(out, "encoding: not valid UTF-8; undecodable bytes replaced by U+FFFD")?;
        }
        for link in &article.links {
            writeln!(out, "link [{}]: {}", link.number, link.target)?;
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
