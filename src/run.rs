//! The interactive runtime: threads that feed actions in, the loop that applies them
//! and draws, and the effects carried out on the way.
//!
//! Three threads send [`Action`]s down one channel: terminal input, the corpus scan
//! (articles stream into the list while the first frame is already on screen) and
//! the article loader (latest request wins, so holding `j` over a thousand articles
//! only parses the one you stop on). The main thread applies actions in batches and
//! draws once per batch.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crossterm::event::{self, Event};

use crate::annotate::{self, Layout, history::History};
use crate::app::keymap::Keymap;
use crate::app::library::Sort;
use crate::app::{Action, Edit, Effect, Opened, RetagOp, Settings, State, update};
use crate::config::Config;
use crate::corpus;
use crate::notice::Notice;
use crate::store::{Position, PositionStore, ReadStore, Store};
use crate::tui::Tui;
use crate::ui::{self, Theme};

/// How often time passes for the app (an article open this long counts as read).
const TICK: Duration = Duration::from_millis(500);
/// Frames drawn for background news (not input) are at least this far apart.
const FRAME: Duration = Duration::from_millis(16);
/// While only idle work goes on, a frame at most this often.
const IDLE_FRAME: Duration = Duration::from_millis(100);
/// Corpus search results are handed to the screen in batches at most this often.
const SEARCH_BATCH: Duration = Duration::from_millis(50);

/// Where the reader keeps what it remembers.
pub struct Stores {
    pub positions: PositionStore,
    pub history: History,
    /// What was read.
    pub read: ReadStore,
    /// How each corpus's list is sorted, by corpus folder.
    pub sort: Store<Sort>,
    /// Where sidecars live.
    pub layout: Layout,
    /// The corpus's index cache folder; `None` reads every article every time.
    pub cache: Option<PathBuf>,
}

/// Run the reader on the corpus at `root` until the user quits.
pub fn run(root: &Path, config: &Config, stores: Stores) -> Result<()> {
    let Stores { positions: mut store, history, read, mut sort, layout, cache } = stores;
    let keymap = Keymap::with_patch(&config.keys).map_err(anyhow::Error::msg)?;
    let mut state = State::new(root, keymap, Settings { reading_width: config.reading_width });
    state.mouse = config.mouse;
    let lib = &mut state.library;
    lib.positions = store.all().iter().map(|(p, pos)| (p.clone(), *pos)).collect();
    // An article with a reading position was opened before read marks were kept.
    lib.read = store.all().keys().filter(|p| read.get(p).is_none()).cloned().collect();
    lib.read.extend(read.all().iter().filter(|(_, m)| **m == crate::store::ReadMark::Read).map(|(p, _)| p.clone()));
    lib.sort = sort.get(root).copied().unwrap_or_default();
    lib.scanning = true;
    let problem = [store.take_problem(), history.problem().map(str::to_owned)]
        .into_iter()
        .zip(["reading positions", "the undo history"])
        .find_map(|(p, what)| p.map(|problem| Notice::NotSaved { what, problem }));
    state.message = problem;
    if let Some(problem) = &config.problem {
        state.message = Some(Notice::ConfigProblem(problem.clone()));
    }
    let themes = load_themes(&mut state, config.theme.as_deref());

    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_signals(tx.clone());
    spawn_ticks(tx.clone());
    spawn_scan(root.to_path_buf(), layout.clone(), cache.clone(), tx.clone());
    let saver = saver(store, read, tx.clone());
    let annotator = annotator(history, root.to_path_buf(), layout.clone(), tx.clone());
    let searcher = Searcher::new(root.to_path_buf(), cache.clone(), tx.clone());
    let reviewer = reviewer(root.to_path_buf(), layout.clone(), tx.clone());
    let loader = Loader::spawn(layout, tx);

    let mut tui = Tui::enter(state.mouse).context("cannot set up the terminal")?;
    let size = tui.terminal.size()?;
    update(&mut state, Action::Resize(size.width, size.height));
    let workers =
        Workers { loader: &loader, saver: &saver, annotator: &annotator, searcher: &searcher, reviewer: &reviewer };
    let mut remember_sort = |s: Sort| {
        let _ = sort.set(root, s);
    };
    let outcome = event_loop(&mut tui, &mut state, &themes, &rx, &workers, &mut remember_sort);
    drop(tui);
    searcher.cancel();
    saver.finish();
    annotator.finish();
    outcome
}

fn event_loop(
    tui: &mut Tui,
    state: &mut State,
    themes: &[Theme],
    rx: &Receiver<Action>,
    workers: &Workers<'_>,
    remember_sort: &mut dyn FnMut(Sort),
) -> Result<()> {
    let mut drawn = Instant::now();
    let mut draw = true;
    loop {
        if draw {
            let theme = ui::theme::current(themes, &state.themes);
            tui.terminal.draw(|frame| ui::draw(frame, state, theme))?;
            drawn = Instant::now();
        }
        // Debug builds can be told to panic here, to test that a panic restores the
        // terminal.
        #[cfg(debug_assertions)]
        if std::env::var_os("GLOSS_DEBUG_PANIC").is_some() {
            panic!("GLOSS_DEBUG_PANIC is set");
        }
        // With layout left to do and nothing waiting, a slice of it, then a frame.
        let first = if crate::app::has_idle_work(state) {
            match rx.try_recv() {
                Ok(action) => Ok(action),
                Err(mpsc::TryRecvError::Empty) => Ok(Action::Idle),
                Err(mpsc::TryRecvError::Disconnected) => Err(()),
            }
        } else {
            rx.recv().map_err(|_| ())
        };
        let Ok(first) = first else {
            return Ok(());
        };
        // After a resize the terminal may have dropped what was on screen (a shrink
        // and regrow can arrive as one event), so the next frame repaints every cell.
        let mut resized = matches!(first, Action::Resize(..));
        // Idle work goes on without waiting for a frame's time, and is drawn now and
        // then (the scroll position's estimate firming up).
        let idle = matches!(first, Action::Idle);
        let mut urgent = is_input(&first) || idle;
        let mut effects = update(state, first);
        let mut news = !idle;
        // What is waiting is applied before the next frame. Input is drawn at once;
        // background news (indexing, search results) waits for up to a frame's time,
        // so a stream of it costs one frame per FRAME, not one per message.
        loop {
            while !state.quit
                && let Ok(next) = rx.try_recv()
            {
                news = true;
                resized |= matches!(next, Action::Resize(..));
                urgent |= is_input(&next);
                effects.extend(update(state, next));
            }
            let wait = FRAME.saturating_sub(drawn.elapsed());
            if urgent || state.quit || wait.is_zero() {
                break;
            }
            match rx.recv_timeout(wait) {
                Ok(next) => {
                    news = true;
                    resized |= matches!(next, Action::Resize(..));
                    urgent |= is_input(&next);
                    effects.extend(update(state, next));
                }
                Err(_) => break,
            }
        }
        draw = news || drawn.elapsed() >= IDLE_FRAME;
        if resized {
            // `Terminal::resize` clears and resets the back buffer without asking the
            // terminal for its cursor (`Terminal::clear` does ask, and the answer
            // would race the input thread for stdin).
            let size = tui.terminal.size()?;
            tui.terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        }
        for effect in effects {
            match effect {
                Effect::Load(path) => workers.loader.request(path),
                Effect::SavePosition(path, position) => workers.saver.send(Save::Position(path, position)),
                Effect::SetRead(path, read) => workers.saver.send(Save::Read(path, read)),
                Effect::SaveSort(sort) => remember_sort(sort),
                Effect::Annotate { article, edit } => workers.annotator.send(Job::Edit(article, edit)),
                Effect::Retag(op) => workers.annotator.send(Job::Retag(op)),
                Effect::MoveSidecars(moves) => workers.annotator.send(Job::MoveSidecars(moves)),
                Effect::SetMouse(on) => tui.set_mouse(on)?,
                Effect::LoadReview => workers.reviewer.send(()),
                Effect::SearchCorpus { id, query } => workers.searcher.start(id, query),
                Effect::CancelSearch => workers.searcher.cancel(),
            }
        }
        if state.quit {
            return Ok(());
        }
    }
}

/// The themes there are (built in, and the config folder's `themes/`), fitted to the
/// terminal (`NO_COLOR`, its colours), in the order the state names them. The state
/// starts on `wanted` (else the default theme), and says so when it is not a theme
/// or a theme file could not be used.
fn load_themes(state: &mut State, wanted: Option<&str>) -> Vec<Theme> {
    let dir = crate::config::Dirs::platform().map(|d| d.themes());
    let (themes, problems) = ui::theme::Themes::load(dir.as_deref());
    let (choice, notice) = themes.choose(wanted, &problems);
    state.themes = choice;
    if state.message.is_none() {
        state.message = notice;
    }
    themes.in_order(&state.themes).into_iter().map(|t| t.for_terminal()).collect()
}

/// What the user did, which is drawn without waiting.
fn is_input(action: &Action) -> bool {
    matches!(action, Action::Key(_) | Action::Mouse(_) | Action::Resize(..) | Action::Command(..))
}

/// Time passing, for the app: one [`Action::Tick`] every [`TICK`].
fn spawn_ticks(tx: Sender<Action>) {
    thread::spawn(move || {
        loop {
            thread::sleep(TICK);
            if tx.send(Action::Tick).is_err() {
                return;
            }
        }
    });
}

fn spawn_input(tx: Sender<Action>) {
    thread::spawn(move || {
        loop {
            let action = match event::read() {
                Ok(Event::Key(key)) => Action::Key(key),
                Ok(Event::Mouse(mouse)) => Action::Mouse(mouse),
                Ok(Event::Resize(w, h)) => Action::Resize(w, h),
                Ok(_) => continue,
                Err(e) => Action::Notice(Notice::InputFailed(e.to_string())),
            };
            if tx.send(action).is_err() {
                return;
            }
        }
    });
}

/// The threads effects go to.
struct Workers<'a> {
    loader: &'a Loader,
    saver: &'a Saver,
    annotator: &'a Annotator,
    searcher: &'a Searcher,
    reviewer: &'a Reviewer,
}

/// Index the corpus on rayon's pool ([`crate::index`]), streaming entries in batches.
fn spawn_scan(root: PathBuf, layout: Layout, cache: Option<PathBuf>, tx: Sender<Action>) {
    thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let cache = cache.map_or_else(crate::index::Cache::none, |dir| crate::index::Cache::open(&dir));
            if let Some(problem) = &cache.problem {
                let _ = tx.send(Action::Notice(Notice::CacheRebuilt(crate::text::sanitize_line(problem))));
            }
            let sink = |event| {
                let _ = tx.send(match event {
                    crate::index::Event::Found(batch) => Action::Found(batch),
                    crate::index::Event::Skipped(skip) => Action::Skipped(skip),
                    crate::index::Event::Progress(progress) => Action::Indexing(progress),
                });
            };
            let indexed = crate::index::index(&root, &layout, &cache, &sink);
            let _ = tx.send(Action::ScanDone);
            // Written after the list is complete, off the UI thread.
            let _ = cache.save(Some(&indexed.seen));
            // Looked for only when the walk passed a sidecar without its article.
            if annotate::relocate::may_be_lost(&root, &layout, &indexed.sidecars, &indexed.seen) {
                let moves = offered_moves(&root, &layout);
                if !moves.is_empty() {
                    let _ = tx.send(Action::LostSidecars(moves));
                }
            }
        }));
        if outcome.is_err() {
            let _ = tx.send(Action::Notice(Notice::ScanFailed));
            let _ = tx.send(Action::ScanDone);
        }
    });
}

/// The sidecars under `root` whose article is gone and was recognised under another
/// name, ready to offer moving.
fn offered_moves(root: &Path, layout: &Layout) -> Vec<crate::app::SidecarMove> {
    let label = |p: &Path| crate::text::sanitize_line(&p.strip_prefix(root).unwrap_or(p).to_string_lossy());
    annotate::relocate::find_lost(root, layout)
        .into_iter()
        .filter_map(|lost| {
            let found = lost.found?;
            Some(crate::app::SidecarMove {
                was_label: label(&lost.article),
                now_label: label(&found.article),
                sidecar: lost.sidecar,
                was: lost.article,
                now: found.article,
                by: found.by,
            })
        })
        .collect()
}

/// Signals: quit cleanly (saving the position, restoring the terminal) when the
/// terminal goes away or the process is asked to stop; and resize on SIGWINCH.
///
/// crossterm reports resizes too, but its event source returns as soon as terminal
/// input yields an event, and its signal readiness is edge-triggered: a SIGWINCH
/// that arrives in the same wake-up as key presses is never reported. So gloss
/// listens for SIGWINCH itself and asks for the size; a resize reported twice costs
/// one redraw.
fn spawn_signals(tx: Sender<Action>) {
    use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGWINCH]) else {
        return;
    };
    thread::spawn(move || {
        for signal in signals.forever() {
            let action = match signal {
                SIGWINCH => match crossterm::terminal::size() {
                    Ok((w, h)) => Action::Resize(w, h),
                    Err(_) => continue,
                },
                _ => Action::Command(crate::app::Command::Quit, 1),
            };
            if tx.send(action).is_err() {
                return;
            }
        }
    });
}

/// A thread that carries out jobs one at a time, in order, and can be waited for:
/// the saving of reading positions (each save re-reads, merges and fsyncs) and the
/// writing of annotation changes have no place on the thread that draws.
struct Queue<T> {
    tx: Sender<T>,
    done: thread::JoinHandle<()>,
}

impl<T: Send + 'static> Queue<T> {
    fn spawn(mut work: impl FnMut(T) + Send + 'static) -> Queue<T> {
        let (tx, rx) = mpsc::channel::<T>();
        let done = thread::spawn(move || rx.into_iter().for_each(&mut work));
        Queue { tx, done }
    }

    fn send(&self, job: T) {
        let _ = self.tx.send(job);
    }

    /// Wait for every queued job to be done.
    fn finish(self) {
        drop(self.tx);
        let _ = self.done.join();
    }
}

/// What the saver writes to the state folder.
enum Save {
    Position(PathBuf, Position),
    Read(PathBuf, bool),
}

/// Saves reading positions and read marks.
type Saver = Queue<Save>;

fn saver(mut positions: PositionStore, mut read: ReadStore, notices: Sender<Action>) -> Saver {
    Queue::spawn(move |job: Save| {
        let (what, outcome) = match job {
            Save::Position(path, position) => ("reading position", positions.set(&path, position)),
            Save::Read(path, is_read) => ("what was read", read.set_read(&path, is_read)),
        };
        if let Err(problem) = outcome {
            let _ = notices.send(Action::Notice(Notice::NotSaved { what, problem }));
        }
    })
}

/// What the annotator carries out, in order.
enum Job {
    Edit(PathBuf, Edit),
    Retag(RetagOp),
    MoveSidecars(Vec<crate::app::SidecarMove>),
}

/// Writes annotation and triage changes and corpus-wide tag changes, keeping the
/// undo history.
type Annotator = Queue<Job>;

fn annotator(mut history: History, root: PathBuf, layout: Layout, actions: Sender<Action>) -> Annotator {
    Queue::spawn(move |job: Job| match job {
        Job::Edit(article, edit) => {
            let sidecar = layout.sidecar_for(&article);
            let (outcome, mut message) = annotate::edit::apply(&mut history, &sidecar, edit);
            if let Err(problem) = history.save() {
                message.get_or_insert(Notice::NotSaved { what: "the undo history", problem });
            }
            let _ = actions.send(Action::Annotated { article, sidecar, outcome, message });
        }
        Job::MoveSidecars(moves) => {
            let (mut moved, mut failed) = (0, None);
            for m in moves {
                match annotate::relocate::move_sidecar(&m.sidecar, &m.was, &m.now, &layout) {
                    Ok(sidecar) => {
                        moved += 1;
                        // The list and the reader take the annotations as now kept.
                        if let Some(written) = annotate::sidecar::load(&sidecar).sidecar().cloned() {
                            let outcome = Ok(written);
                            let _ = actions.send(Action::Annotated { article: m.now, sidecar, outcome, message: None });
                        }
                    }
                    Err(e) => {
                        failed.get_or_insert_with(|| format!("{}: {e}", m.was_label));
                    }
                }
            }
            let _ = actions.send(Action::Notice(Notice::MovedSidecars { moved, failed }));
        }
        Job::Retag(op) => {
            let (written, mut message) = retag(&mut history, &root, &layout, op);
            if let Err(problem) = history.save() {
                message = Notice::NotSaved { what: "the undo history", problem };
            }
            let _ = actions.send(Action::Retagged(written, message));
        }
    })
}

/// Carry out a change of tags across the corpus at `root`, as one undo step kept
/// in the corpus folder's scope. Returns each sidecar rewritten, with its article.
fn retag(
    history: &mut History,
    root: &Path,
    layout: &Layout,
    op: RetagOp,
) -> (Vec<(PathBuf, annotate::Sidecar)>, Notice) {
    use annotate::retag::Retag;
    // Which article each sidecar is for.
    let articles: std::collections::HashMap<PathBuf, PathBuf> = corpus::discover(root)
        .filter_map(|item| match item {
            corpus::Discovered::File(found) => Some((layout.sidecar_for(&found.path), found.path)),
            corpus::Discovered::Skipped(_) => None,
        })
        .collect();
    let edit = match op {
        RetagOp::Rename { from, to } => Retag::rename(&from, &to),
        RetagOp::Delete { tag } => Retag::delete(&tag),
        RetagOp::Undo => return finish(annotate::edit::apply(history, root, Edit::UndoCorpus).1, &articles),
        RetagOp::Redo => return finish(annotate::edit::apply(history, root, Edit::RedoCorpus).1, &articles),
    };
    let Some(retag) = edit else {
        return (Vec::new(), Notice::EmptyTags);
    };
    let sidecars: Vec<PathBuf> = articles.keys().filter(|s| s.is_file()).cloned().collect();
    finish(annotate::edit::apply(history, root, Edit::Retag { retag, sidecars }).1, &articles)
}

/// The sidecars a corpus-wide step rewrote, as they are now, and its notice.
fn finish(
    notice: Option<Notice>,
    articles: &std::collections::HashMap<PathBuf, PathBuf>,
) -> (Vec<(PathBuf, annotate::Sidecar)>, Notice) {
    let notice = notice.unwrap_or(Notice::NothingToUndoInCorpus);
    let changed = match &notice {
        Notice::Retagged(summary) => summary.changed.clone(),
        _ => Vec::new(),
    };
    let written = changed
        .into_iter()
        .filter_map(|sidecar| {
            let article = articles.get(&sidecar)?.clone();
            annotate::sidecar::load(&sidecar).sidecar().cloned().map(|s| (article, s))
        })
        .collect();
    (written, notice)
}

/// Collects the review screen's passages, one request at a time.
type Reviewer = Queue<()>;

fn reviewer(root: PathBuf, layout: Layout, actions: Sender<Action>) -> Reviewer {
    Queue::spawn(move |()| {
        let collection = annotate::collect::collect(&root, &layout);
        let (items, problems) = crate::app::review::items(&collection);
        let _ = actions.send(Action::ReviewLoaded(items, problems));
    })
}

/// Runs corpus searches, one at a time: a new one cancels the one under way.
struct Searcher {
    root: PathBuf,
    /// The index cache folder, whose texts are searched instead of cleaning files.
    cache: Option<PathBuf>,
    tx: Sender<Action>,
    current: Mutex<Option<Arc<AtomicBool>>>,
}

impl Searcher {
    fn new(root: PathBuf, cache: Option<PathBuf>, tx: Sender<Action>) -> Searcher {
        Searcher { root, cache, tx, current: Mutex::new(None) }
    }

    fn cancel(&self) {
        if let Some(flag) = self.current.lock().unwrap_or_else(|e| e.into_inner()).take() {
            flag.store(true, Ordering::Relaxed);
        }
    }

    fn start(&self, id: u64, query: String) {
        self.cancel();
        let cancel = Arc::new(AtomicBool::new(false));
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&cancel));
        let root = self.root.clone();
        let folder = self.cache.clone();
        let tx = self.tx.clone();
        thread::spawn(move || {
            let cache = folder.map_or_else(crate::index::Cache::none, |dir| crate::index::Cache::open(&dir));
            let Ok(pattern) = crate::search::Pattern::new(&query) else {
                let _ = tx.send(Action::SearchDone(id, 0));
                return;
            };
            let mut batch = Vec::new();
            let mut sent = Instant::now();
            let order = crate::search::Order::Found;
            let summary = crate::search::corpus_cached(&root, &pattern, order, &cancel, &cache, |hit| {
                batch.push(hit);
                // The first result goes at once; later ones in batches, so the
                // screen is not redrawn for every hit.
                if sent.elapsed() >= SEARCH_BATCH || batch.len() == 1 && sent.elapsed() > Duration::ZERO {
                    if tx.send(Action::SearchHits(id, std::mem::take(&mut batch))).is_err() {
                        return ControlFlow::Break(());
                    }
                    sent = Instant::now();
                }
                ControlFlow::Continue(())
            });
            if !batch.is_empty() {
                let _ = tx.send(Action::SearchHits(id, batch));
            }
            if !cancel.load(Ordering::Relaxed) {
                let _ = tx.send(Action::SearchDone(id, summary.articles));
            }
            let _ = cache.save(None);
        });
    }
}

/// Loads articles on a worker thread. Only the newest request is served: requests
/// that arrive while one is being parsed replace each other.
struct Loader {
    slot: Arc<(Mutex<Option<PathBuf>>, Condvar)>,
}

/// Read an article and its annotations (re-saving anchors that moved): what the
/// loader thread does for the reader.
pub fn open_article(path: &Path, layout: &Layout) -> Result<Opened, String> {
    let article = corpus::load_guarded(path).map_err(|e| e.to_string())?;
    let annotations = annotate::resolved::open(&article, &layout.sidecar_for(path), true);
    Ok(Opened { article, annotations, partial: false })
}

/// Plain-text articles longer than this show their beginning first.
const BEGINNING_FROM: u64 = 8 << 20;
/// How much of such an article is shown first.
const BEGINNING_BYTES: u64 = 1 << 20;

/// The first megabyte or so of a long plain-text article, cut at a paragraph
/// break, as an article of its own: plain text is read block by block, so this is
/// the beginning of the whole article as it will be. `None` for anything else.
pub fn beginning_of(path: &Path, layout: &Layout) -> Option<Opened> {
    use std::io::Read;
    if corpus::Format::from_path(path)? != corpus::Format::Text || std::fs::metadata(path).ok()?.len() < BEGINNING_FROM
    {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).ok()?.take(BEGINNING_BYTES).read_to_end(&mut bytes).ok()?;
    if corpus::decode::is_binary(&bytes) {
        return None;
    }
    // Whole characters only; text that is not UTF-8 is left to the full reading.
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let cut = text.rfind("\n\n").or_else(|| text.rfind('\n')).or_else(|| text.rfind(' ')).unwrap_or(text.len());
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let article = corpus::parse(&text.as_bytes()[..cut], corpus::Format::Text, &name);
    let waiting = annotate::Status::ReadOnly("the rest of the article is still being read".into());
    let annotations =
        annotate::Annotations { status: waiting, ..annotate::Annotations::none(layout.sidecar_for(path)) };
    Some(Opened { article, annotations, partial: true })
}

impl Loader {
    fn spawn(layout: Layout, tx: Sender<Action>) -> Loader {
        let slot: Arc<(Mutex<Option<PathBuf>>, Condvar)> = Arc::default();
        let worker = Arc::clone(&slot);
        thread::spawn(move || {
            loop {
                let path = {
                    let (lock, ready) = &*worker;
                    let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if let Some(path) = guard.take() {
                            break path;
                        }
                        guard = ready.wait(guard).unwrap_or_else(|e| e.into_inner());
                    }
                };
                // A long plain-text article shows its beginning while the rest is read.
                if let Some(beginning) = beginning_of(&path, &layout)
                    && tx.send(Action::Loaded(path.clone(), Ok(Box::new(beginning)))).is_err()
                {
                    return;
                }
                let result = open_article(&path, &layout).map(Box::new);
                if tx.send(Action::Loaded(path, result)).is_err() {
                    return;
                }
            }
        });
        Loader { slot }
    }

    fn request(&self, path: PathBuf) {
        let (lock, ready) = &*self.slot;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
        ready.notify_one();
    }
}
