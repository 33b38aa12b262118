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

/// Draws the app once: what the frame will show is computed first, then the views draw the state.
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.prepare(ratatui::layout::Rect::new(0, 0, size.width, size.height));
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

fn convert(e: Event) -> Option<Input> {
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
            if let Some(i) = convert(event::read()?) {
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

/// Runs the app on the real terminal.
pub fn run(mut app: App) -> io::Result<()> {
    // ratatui::init installs a panic hook that restores the terminal before the panic message is printed.
    let mut terminal = ratatui::init();
    let _guard = Guard;
    execute!(io::stdout(), EnableBracketedPaste)?;
    run_loop(&mut terminal, &mut app)
}
