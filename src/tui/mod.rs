//! The panel's terminal app. The main loop is generic over the ratatui `Backend`, so tests drive the real app on a
//! `TestBackend`; it renders once per batch of input events, so pasted or input-method text does not flicker; and
//! the terminal is restored on quit, on error and on panic.
//!
//! Arrows point one way: a key goes to the [`keymap`] of what has the focus (a dialog, the help, or the screen), whose
//! binding changes that screen's or dialog's own state or returns an [`action::Action`]; the update
//! ([`app::App::update`]) performs it through the store and changes the [`state::State`]; the [`view`] draws the state.
//! - a screen: a file in `screens/` with its state, its `KEYS` table, its `HELP` lines and its `render`, listed in
//!   [`state::Screen`], [`view`] and [`help`];
//! - a dialog: a file in `dialogs/` with its form, its `KEYS` table and its `render`, listed in [`dialogs::Modal`];
//!   it is opened by an [`action::Open`] request that the update fills from the store;
//! - a key: one binding in the table of its screen or dialog (the hint and the help follow);
//! - the panel's words for an error: [`text`].

pub mod action;
pub mod app;
mod case_effects;
pub mod demo;
pub mod dialogs;
mod effects;
pub mod help;
pub mod keymap;
pub mod keys;
mod kits;
pub mod screens;
pub mod state;
pub mod tab;
mod update;
pub mod view;
pub mod widgets;

use std::io;
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::backend::Backend;

pub use app::App;
use keys::{Input, Key};

/// Draws the app once: what the frame will show is computed first, then the views draw the state. The area is the
/// terminal's viewport: on the real terminal a fixed one, changed only when the terminal says it was resized (see
/// [`run_loop`]), so a frame asks the terminal nothing; a test's full-screen backend is asked its size each frame.
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    terminal.autoresize()?;
    app.prepare(terminal.get_frame().area());
    terminal.draw(|frame| view::render(frame, &app.state))?;
    Ok(())
}

/// Applies a batch of inputs, then draws once.
pub fn step<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    inputs: impl IntoIterator<Item = Input>,
) -> Result<(), B::Error> {
    for input in inputs {
        app.handle(input);
        if app.quit {
            break;
        }
    }
    draw(terminal, app)
}

/// The input an event is, if any; a resize also sets the terminal's viewport to the new size, as a fixed viewport is
/// not resized by itself.
fn convert<B: Backend>(terminal: &mut Terminal<B>, e: Event) -> Result<Option<Input>, B::Error> {
    if let Event::Resize(w, h) = e {
        terminal.resize(ratatui::layout::Rect::new(0, 0, w, h))?;
    }
    Ok(convert_event(e))
}

fn convert_event(e: Event) -> Option<Input> {
    match e {
        Event::Key(k) => Key::from_event(k).map(Input::Key),
        Event::Paste(s) => Some(Input::Paste(s)),
        Event::Resize(..) => Some(Input::Resize),
        _ => None,
    }
}

/// The interactive loop on the real terminal: wait for input, read every event already queued, apply them, draw.
pub fn run_loop<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> io::Result<()>
where
    B::Error: Into<io::Error>,
{
    draw(terminal, app).map_err(Into::into)?;
    while !app.quit {
        // While the store's opening check runs, look for its result often, so a damaged database is reported at once.
        let wait = if app.checking { Duration::from_millis(25) } else { Duration::from_millis(500) };
        if app.checking {
            app.tick();
            if !app.checking {
                draw(terminal, app).map_err(Into::into)?;
            }
        }
        // Nothing waiting: the store's upkeep (a checkpoint of its log, when due), after the frame is out.
        if !event::poll(Duration::ZERO)? {
            app.idle();
        }
        if !event::poll(wait)? {
            continue;
        }
        let mut batch = Vec::new();
        loop {
            if let Some(i) = convert(terminal, event::read()?).map_err(Into::into)? {
                batch.push(i);
            }
            if batch.len() >= 4096 || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        step(terminal, app, batch).map_err(Into::into)?;
    }
    Ok(())
}

/// Restores the terminal when dropped: on quit, on error, and while a panic unwinds.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

/// The real terminal: what a frame writes is gathered in one buffer (a frame of 80×24 is a few kilobytes) and written
/// to the terminal in one write when the frame is flushed, not a kilobyte at a time as the standard output's own
/// buffer would; the viewport is the terminal's size, set again on each resize.
type RealTerminal = Terminal<ratatui::backend::CrosstermBackend<io::BufWriter<io::Stdout>>>;

/// A frame's output buffer: more than any frame writes at 200×60 in full.
const FRAME_BUFFER: usize = 1 << 18;

fn real_terminal() -> io::Result<RealTerminal> {
    let (w, h) = crossterm::terminal::size()?;
    let backend = ratatui::backend::CrosstermBackend::new(io::BufWriter::with_capacity(FRAME_BUFFER, io::stdout()));
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h));
    Terminal::with_options(backend, ratatui::TerminalOptions { viewport })
}

/// Runs the app on the real terminal.
pub fn run(mut app: App) -> io::Result<()> {
    // As ratatui::init does: a panic hook that restores the terminal before the panic message is printed, raw mode,
    // the alternate screen; then the terminal of one write per frame.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
    let _guard = Guard;
    crossterm::terminal::enable_raw_mode()?;
    // The screen is cleared here: the terminal's own clear would ask the terminal where its cursor is, and wait.
    execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        EnableBracketedPaste
    )?;
    let mut terminal = real_terminal()?;
    run_loop(&mut terminal, &mut app)
}
