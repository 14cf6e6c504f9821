//! The interactive runtime: threads that feed actions in, the loop that applies them
//! and draws, and the effects carried out on the way.
//!
//! Three threads send [`Action`]s down one channel: terminal input, the corpus scan
//! (articles stream into the list while the first frame is already on screen) and
//! the article loader (latest request wins, so holding `j` over a thousand articles
//! only parses the one you stop on). The main thread applies actions in batches and
//! draws once per batch.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use anyhow::{Context, Result};
use crossterm::event::{self, Event};

use crate::annotate::{self, Layout, history::History};
use crate::app::keymap::Keymap;
use crate::app::{Action, Edit, Effect, Opened, Settings, State, update};
use crate::config::Config;
use crate::corpus;
use crate::notice::Notice;
use crate::store::{Position, PositionStore};
use crate::tui::Tui;
use crate::ui::{self, Theme};

/// Where the reader keeps what it remembers.
pub struct Stores {
    pub positions: PositionStore,
    pub history: History,
    /// Where sidecars live.
    pub layout: Layout,
}

/// Run the reader on the corpus at `root` until the user quits.
pub fn run(root: &Path, config: &Config, stores: Stores) -> Result<()> {
    let Stores { positions: store, history, layout } = stores;
    let keymap = Keymap::with_patch(&config.keys).map_err(anyhow::Error::msg)?;
    let mut state = State::new(root, keymap, Settings { reading_width: config.reading_width });
    state.mouse = config.mouse;
    state.positions = store.all().iter().map(|(p, pos)| (p.clone(), *pos)).collect();
    if let Some(problem) = store.problem() {
        state.message = Some(Notice::NotSaved { what: "reading positions", problem: problem.to_owned() });
    } else if let Some(problem) = history.problem() {
        state.message = Some(Notice::NotSaved { what: "the undo history", problem: problem.to_owned() });
    }
    let theme = Theme::default();

    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_signals(tx.clone());
    spawn_scan(root.to_path_buf(), layout.clone(), tx.clone());
    let saver = saver(store, tx.clone());
    let annotator = annotator(history, tx.clone());
    let loader = Loader::spawn(layout, tx);

    let mut tui = Tui::enter(state.mouse).context("cannot set up the terminal")?;
    let size = tui.terminal.size()?;
    update(&mut state, Action::Resize(size.width, size.height));
    let workers = Workers { loader: &loader, saver: &saver, annotator: &annotator };
    let outcome = event_loop(&mut tui, &mut state, &theme, &rx, &workers);
    drop(tui);
    saver.finish();
    annotator.finish();
    outcome
}

fn event_loop(
    tui: &mut Tui,
    state: &mut State,
    theme: &Theme,
    rx: &Receiver<Action>,
    workers: &Workers<'_>,
) -> Result<()> {
    loop {
        tui.terminal.draw(|frame| ui::draw(frame, state, theme))?;
        // Debug builds can be told to panic here, to test that a panic restores the
        // terminal.
        #[cfg(debug_assertions)]
        if std::env::var_os("GLOSS_DEBUG_PANIC").is_some() {
            panic!("GLOSS_DEBUG_PANIC is set");
        }
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        // After a resize the terminal may have dropped what was on screen (a shrink
        // and regrow can arrive as one event), so the next frame repaints every cell.
        let mut resized = matches!(first, Action::Resize(..));
        let mut effects = update(state, first);
        while !state.quit
            && let Ok(next) = rx.try_recv()
        {
            resized |= matches!(next, Action::Resize(..));
            effects.extend(update(state, next));
        }
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
                Effect::SavePosition(path, position) => workers.saver.send((path, position)),
                Effect::Annotate(sidecar, edit) => workers.annotator.send((sidecar, edit)),
                Effect::SetMouse(on) => tui.set_mouse(on)?,
            }
        }
        if state.quit {
            return Ok(());
        }
    }
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
}

fn spawn_scan(root: PathBuf, layout: Layout, tx: Sender<Action>) {
    thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for item in corpus::scan(&root) {
                let action = match item {
                    Ok(mut entry) => {
                        annotate::resolved::summarize(&mut entry, &layout);
                        Action::Found(Box::new(entry))
                    }
                    Err(skip) => Action::Skipped(skip),
                };
                if tx.send(action).is_err() {
                    return;
                }
            }
        }));
        if outcome.is_err() {
            let _ = tx.send(Action::Notice(Notice::ScanFailed));
        }
        let _ = tx.send(Action::ScanDone);
    });
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

/// Saves reading positions.
type Saver = Queue<(PathBuf, Position)>;

fn saver(mut store: PositionStore, notices: Sender<Action>) -> Saver {
    Queue::spawn(move |(path, position): (PathBuf, Position)| {
        if let Err(problem) = store.set(&path, position) {
            let _ = notices.send(Action::Notice(Notice::NotSaved { what: "reading position", problem }));
        }
    })
}

/// Writes annotation changes, keeping the undo history.
type Annotator = Queue<(PathBuf, Edit)>;

fn annotator(mut history: History, actions: Sender<Action>) -> Annotator {
    Queue::spawn(move |(sidecar, edit): (PathBuf, Edit)| {
        let (outcome, mut message) = annotate::edit::apply(&mut history, &sidecar, edit);
        if let Err(problem) = history.save() {
            message.get_or_insert(Notice::NotSaved { what: "the undo history", problem });
        }
        let _ = actions.send(Action::Annotated { sidecar, outcome, message });
    })
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
    Ok(Opened { article, annotations })
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
