//! The integration tests, as one binary so that CI links once. Each module is one area of behaviour.

mod bad_input_cli;
mod bad_input_tui;
mod builtin_sheets;
mod bundle;
mod calendar;
mod calendar_dataset;
mod calendar_files;
mod cli;
mod common;
mod compile;
mod e2e_tmux;
mod faults;
mod fuzz_regressions;
mod no_network;
mod print_chromium;
mod review_cli;
mod review_durability;
mod review_store;
mod scorecard_files;
mod scoring_props;
mod security;
mod source_citations;
mod tui;
mod tui_signing;
