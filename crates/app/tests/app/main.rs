//! Integration tests of the use-cases, through the same API the window calls.

mod activities;
mod chronology;
mod converge;
mod demo;
mod fixture;
mod goals;
mod merging;
mod needs;
mod profile;
mod rebuild;
mod records;
mod required;
mod residentials;
mod safeguarding;
mod sessions;
mod week;
